# Wrong: splits on spaces only, so punctuation stays in the slug (the punctuation checks catch it).
import re
import sys


def slugify(title):
    """The URL slug of a title: its words, lowercase, joined by hyphens."""
    return "-".join(title.lower().split())


def main():
    for line in sys.stdin:
        print(slugify(line.rstrip("\n")))


if __name__ == "__main__":
    main()
