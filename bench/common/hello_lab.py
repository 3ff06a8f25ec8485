"""The benchmarks' small `io` lab, `hello-io`: a Python program that greets the name on standard input, four
hidden cases of one point each, in a catalog of its own under a work directory. Shared by the benchmarks that time
Ladder on a minimal lab (bench/grade, bench/classroom/scale.py).
"""
import os, shutil, subprocess

NAMES = ["Ada", "Grace Hopper", "Linus", "Barbara Liskov"]
SOLUTION = "name = input()\nprint(f'hello, {name}')\n"


def make_catalog(work, repo):
    """Writes the catalog under `work`/catalog (the competency map and ladder copied from the repository `repo`)
    and returns its path."""
    catalog = os.path.join(work, "catalog")
    lab = os.path.join(catalog, "Labs", "hello-io")
    graders = os.path.join(catalog, "Graders", "hello-io")
    os.makedirs(os.path.join(lab, "starter", "python"))
    os.makedirs(graders)
    for name in ("competencies.toml", "ladder.toml"):
        shutil.copy(os.path.join(repo, "Labs", name), os.path.join(catalog, "Labs", name))
    with open(os.path.join(lab, "lab.toml"), "w") as f:
        f.write('''id = "hello-io"
title = "Hello"
version = "1.0.0"
summary = "Greets whoever is named on standard input."
rung = "junior"
competencies = ["languages.python"]
pass-mark = 4

[[languages]]
id = "python"
run = ["python3", "main.py"]

[[stages]]
id = "greet"
title = "Greet"
points = 4
''')
    with open(os.path.join(lab, "README.md"), "w") as f:
        f.write("# Hello\n")
    with open(os.path.join(lab, "starter", "python", "main.py"), "w") as f:
        f.write("print('hello')\n")
    with open(os.path.join(graders, "grader.toml"), "w") as f:
        f.write("format = 1\n\n[[stages]]\nid = \"greet\"\n")
        for i, name in enumerate(NAMES):
            f.write(f'\n  [[stages.tests]]\n  id = "case-{i}"\n  points = 1\n  stdin = "{name}\\n"\n'
                    f'  stdout = "hello, {name}\\n"\n')
    return catalog


def environment(work, **extra):
    """An environment with a git identity of its own under `work` and no colour."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.path.join(work, "gitconfig"), GIT_CONFIG_SYSTEM="/dev/null",
               HOME=work, NO_COLOR="1", **extra)
    with open(env["GIT_CONFIG_GLOBAL"], "w") as f:
        f.write("[user]\n\tname = Bench\n\temail = bench@ladder.invalid\n")
    return env


def solved_repository(ladder, catalog, target, env):
    """A learner repository of hello-io at `target`, started by `ladder start` and the solution committed."""
    subprocess.run([ladder, "start", "hello-io", "--dir", target, "--catalog", catalog], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(target, "main.py"), "w") as f:
        f.write(SOLUTION)
    subprocess.run(["git", "commit", "-qam", "solve"], cwd=target, env=env, check=True)
