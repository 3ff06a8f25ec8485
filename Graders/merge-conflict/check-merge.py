"""Checks of the learner's merge that keep-lines cannot say, run as a git test's script (docs/lab-format.md,
`kind = "git"`): the history is a bare repository at /history, the graded commit is $LADDER_COMMIT and the lab's
own commits are $LADDER_BASE. Reports JSON on standard output.

  python3 check-merge.py unreleased   both teammates' entries sit under `## Unreleased` in CHANGELOG.md at the merge
  python3 check-merge.py markers      no file holds a conflict marker at the merge or at the graded commit (the
                                      lab's own lines, such as the README's example, aside)
"""
import json
import os
import subprocess
import sys

HISTORY = "/history"
ENTRIES = [
    "- Express shipping: double the standard price plus a 5.00 surcharge.",
    "- Minimum charge of 4.00 per parcel; the domestic rate is now 1.20 per kg.",
]
# The lines git writes around a conflict (`<<<<<<< HEAD`, `||||||| base` with diff3, `>>>>>>> feature/express`).
# `=======` alone is left out: a Markdown heading may be underlined with it.
MARKER = r"^(<<<<<<<|\|\|\|\|\|\|\||>>>>>>>)( |$)"


def git(*args, check=True):
    result = subprocess.run(["git", f"--git-dir={HISTORY}", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result


def is_ancestor(a, b):
    return git("merge-base", "--is-ancestor", a, b, check=False).returncode == 0


def newest_merge(graded, base):
    """The learner's newest merge that joins two lines of work, as the git test's `merge = true` finds it."""
    merges = git("rev-list", "--merges", graded, "--not", *base).stdout.split()
    for commit in merges:
        parents = git("rev-list", "--parents", "-n", "1", commit).stdout.split()[1:]
        if len(parents) >= 2 and not is_ancestor(parents[0], parents[1]) and not is_ancestor(parents[1], parents[0]):
            return commit
    return None


def unreleased(merge):
    shown = git("show", f"{merge}:CHANGELOG.md", check=False)
    if shown.returncode != 0:
        return False, f"CHANGELOG.md is missing at the merge {merge[:7]}"
    section, inside = [], False
    for line in shown.stdout.splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Unreleased"
        elif inside:
            section.append(line.strip())
    missing = [entry for entry in ENTRIES if entry not in section]
    if missing:
        return False, (f"CHANGELOG.md at the merge {merge[:7]}: not under `## Unreleased`: "
                       + "; ".join(f"`{entry}`" for entry in missing)
                       + ". Neither change is released yet: both entries stay in that section.")
    return True, "both entries are under ## Unreleased"


def lab_lines(path, base):
    """The lines `path` holds in the lab's own commits: the README shows a conflict as an example."""
    lines = set()
    for commit in base:
        shown = git("show", f"{commit}:{path}", check=False)
        if shown.returncode == 0:
            lines.update(shown.stdout.splitlines())
    return lines


def markers(merge, graded, base):
    found = []
    for commit in dict.fromkeys([merge, graded]):
        hits = git("grep", "-I", "-n", "-E", MARKER, commit, "--", check=False)
        for hit in hits.stdout.splitlines():
            # `COMMIT:PATH:LINE:TEXT`
            _, path, number, text = hit.split(":", 3)
            if text not in lab_lines(path, base):
                found.append(f"{path}:{number} at {commit[:7]}: {text.strip()}")
    if found:
        shown = found[:6] + ([f"... and {len(found) - 6} more"] if len(found) > 6 else [])
        return False, "conflict markers left in: " + "; ".join(shown)
    return True, "no conflict markers"


def main():
    what = sys.argv[1]
    graded = os.environ["LADDER_COMMIT"]
    base = os.environ.get("LADDER_BASE", "").split()
    merge = newest_merge(graded, base)
    if merge is None:
        passed, message = False, "there is no merge commit of yours joining feature/express into main"
    elif what == "unreleased":
        passed, message = unreleased(merge)
    elif what == "markers":
        passed, message = markers(merge, graded, base)
    else:
        raise SystemExit(f"unknown check {what}")
    print(json.dumps({"tests": [{"name": what, "passed": passed, "message": message}]}))


if __name__ == "__main__":
    main()
