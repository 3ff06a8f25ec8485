"""@id@: turn titles into URL slugs (see README.md)."""
import re
import sys


def slugify(title):
    """The URL slug of a title: its words, lowercase, joined by hyphens."""
    # TODO (stage 1): lowercase the words and join them with "-".
    # TODO (stage 2): leave punctuation out (re.findall may help).
    raise NotImplementedError("slugify is not written yet")


def main():
    for line in sys.stdin:
        print(slugify(line.rstrip("\n")))


if __name__ == "__main__":
    main()
