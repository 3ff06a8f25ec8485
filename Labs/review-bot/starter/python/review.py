"""review-bot: read a unified diff on standard input, print the defects on its added lines (see README.md)."""
import re
import sys

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def parse_diff(text):
    """Returns [(path, [(kind, new line number or None, text)])]: kind is "+", "-" or " "."""
    files = []
    current = None
    number = 0
    for line in text.split("\n"):
        if line.startswith("+++ "):
            # TODO (stage 1): a file header can be faked by an added line starting with "++"; read each hunk by
            #                 the counts in its header instead of by looking at prefixes.
            # TODO (stage 1): `+++ /dev/null` is a deleted file; paths start with `b/`.
            current = (line[4:], [])
            files.append(current)
        elif line.startswith("@@ ") and current is not None:
            number = int(HUNK.match(line).group(3))
        elif current is not None and line[:1] in ("+", "-", " "):
            # TODO (stage 1): removed lines have no number in the new file.
            current[1].append((line[:1], number, line[1:]))
            number += 1
    return files


def categories(path, line, visible):
    """The defect categories of one added line, in alphabetical order.

    `line` is its text; `visible` is every added and context line of the file, for rules that need more than
    one line (async declarations, a later close)."""
    found = []
    # TODO (stage 1): hardcoded-secret
    # TODO (stage 3): missing-await, off-by-one, resource-leak
    # TODO (stage 2): sql-injection
    return found


def main():
    for path, lines in parse_diff(sys.stdin.read()):
        # TODO (stage 1): only .py and .js files are reviewed.
        visible = [text for kind, _, text in lines if kind != "-"]
        for kind, number, text in lines:
            if kind != "+":
                continue
            for category in categories(path, text, visible):
                print(f"{path}:{number} {category}")


if __name__ == "__main__":
    main()
