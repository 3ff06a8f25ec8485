"""Reference solution of @id@."""
import re
import sys


def slugify(title):
    """The URL slug of a title: its words, lowercase, joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def main():
    for line in sys.stdin:
        print(slugify(line.rstrip("\n")))


if __name__ == "__main__":
    main()
