"""The grader program of @id@: imports the learner's slug.py from /submission and reports TAP 13.

Usage: python3 /grader/check.py GROUP   (GROUP is a key of CASES)
"""
import contextlib
import io
import json
import sys

CASES = {
    "words": [
        ("Hello World", "hello-world"),
        ("  Many   spaces here ", "many-spaces-here"),
        ("Version 2", "version-2"),
    ],
    "punctuation": [
        ("Hello, World!", "hello-world"),
        ("C'est la vie...", "c-est-la-vie"),
        ("100% sure?", "100-sure"),
    ],
}


def main():
    cases = CASES[sys.argv[1]]
    print("TAP version 13")
    print(f"1..{len(cases)}")
    sys.path.insert(0, "/submission")
    # Whatever the learner's code prints must not end up in the report.
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            from slug import slugify
        except Exception as error:
            slugify = None
            problem = f"slug.py could not be imported: {type(error).__name__}: {error}"
        results = []
        for title, expected in cases:
            if slugify is None:
                results.append((title, False, problem))
                continue
            try:
                got = slugify(title)
            except Exception as error:
                results.append((title, False, f"slugify raised {type(error).__name__}: {error}"))
                continue
            results.append((title, got == expected, f"slugify({title!r}) returned {got!r}"))
    for number, (title, passed, message) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - slugify({json.dumps(title)})")
        if not passed:
            print("  ---")
            print(f"  message: {json.dumps(message)}")
            print("  ...")


if __name__ == "__main__":
    main()
