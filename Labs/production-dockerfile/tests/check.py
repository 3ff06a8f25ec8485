"""Grades production-dockerfile: python3 check.py RULE... [--submission DIR]

Reads DIR/Dockerfile and DIR/.dockerignore (DIR defaults to /submission) with a parser of its own -- no
container engine runs here -- and checks the rules of the README named on the command line, printing one TAP 13
report. The app is Node.js when DIR holds server.js, Go when it holds go.mod, Java when it holds pom.xml, and
Python otherwise (app.py).

The parser follows the Dockerfile reference: parser directives (`# escape=`), comments, line continuations,
heredocs (`RUN <<EOF`), case-insensitive instructions, flags (`--from=`, `--mount=`), JSON (exec) and shell
forms, global ARGs expanded in FROM, and stages that build on earlier stages. The .dockerignore matcher follows
Docker's rules: patterns are anchored at the context root, `**` spans directories, a pattern also excludes
everything under a directory it matches, `!` re-includes, and the last matching line wins.
"""
import argparse
import json
import os
import re
import shlex
import sys


class Report:
    def __init__(self):
        self.results = []

    def check(self, description, ok, detail=""):
        self.results.append((description, bool(ok), detail))
        return ok

    def emit(self):
        print("TAP version 13")
        print(f"1..{len(self.results)}")
        for number, (description, ok, detail) in enumerate(self.results, start=1):
            print(f"{'ok' if ok else 'not ok'} {number} - {description}")
            if not ok and detail:
                print("  ---")
                print("  message: " + quote(detail))
                print("  ...")


def quote(text):
    text = " ".join(str(text).split())
    if len(text) > 600:
        text = text[:600] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the Dockerfile parser -----------------------------------------------------------------------------------

FLAGGED = {"FROM", "COPY", "ADD", "RUN", "HEALTHCHECK"}


class Instruction:
    def __init__(self, keyword, flags, rest, line, heredocs):
        self.keyword = keyword          # upper case
        self.flags = flags              # [(name, value or None)], in order
        self.rest = rest                # the arguments after the flags, continuation lines joined
        self.line = line                # where the instruction starts, 1-based
        self.heredocs = heredocs        # the bodies of `<<WORD` documents, in order
        self.json = None                # the exec form's list of strings, when written that way
        stripped = rest.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
                if isinstance(value, list) and all(isinstance(item, str) for item in value):
                    self.json = value
            except ValueError:
                pass

    def flag_values(self, name):
        return [value for flag, value in self.flags if flag == name]

    def text(self):
        """Everything the instruction says, heredoc bodies included (for searching a RUN's commands)."""
        return " ".join([self.rest] + self.heredocs)

    def where(self):
        return f"line {self.line} ({self.keyword} {self.rest.strip()[:70]})"


HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


def parse_dockerfile(text):
    lines = text.splitlines()
    escape = "\\"
    index = 0
    # Parser directives: `# name=value` lines at the very top, before anything else (blank lines end them).
    while index < len(lines):
        match = re.match(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$", lines[index])
        if not match:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("\\", "`"):
            escape = match.group(2)
        index += 1
    instructions = []
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        start = index
        logical = line
        while logical.rstrip().endswith(escape) and index <= len(lines):
            logical = logical.rstrip()[:-1]
            # Comment lines inside a continued instruction are dropped; empty ones are skipped.
            while index < len(lines) and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
                index += 1
            if index >= len(lines):
                break
            logical += " " + lines[index].strip()
            index += 1
        parts = logical.strip().split(None, 1)
        keyword = parts[0].upper()
        rest = parts[1] if len(parts) > 1 else ""
        flags = []
        if keyword in FLAGGED:
            while True:
                match = re.match(r"^--([A-Za-z-]+)(?:=(\S*))?\s*", rest)
                if not match:
                    break
                flags.append((match.group(1).lower(), match.group(2)))
                rest = rest[match.end():]
        heredocs = []
        if keyword in ("RUN", "COPY", "ADD"):
            for match in HEREDOC.finditer(rest):
                strip_tabs, word = match.group(1) == "-", match.group(3)
                body = []
                while index < len(lines):
                    candidate = lines[index].lstrip("\t") if strip_tabs else lines[index]
                    index += 1
                    if candidate == word:
                        break
                    body.append(candidate)
                heredocs.append("\n".join(body))
        instructions.append(Instruction(keyword, flags, rest, start, heredocs))
    return instructions


VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def expand(text, values):
    """Substitutes $VAR, ${VAR}, ${VAR:-word} and ${VAR:+word}; None when a variable has no value."""
    missing = []

    def substitute(match):
        name = match.group(1) or match.group(4)
        operator, word = match.group(2), match.group(3)
        value = values.get(name)
        if operator in (":-", "-"):
            return value if value else word
        if operator in (":+", "+"):
            return word if value else ""
        if value is None:
            missing.append(name)
            return ""
        return value

    result = VARIABLE.sub(substitute, text)
    return None if missing else result


class Stage:
    def __init__(self, index, instruction, reference, name, parent):
        self.index = index
        self.from_instruction = instruction
        self.reference = reference      # the image (expanded), or None when a variable had no value
        self.name = name                # lower case, or None
        self.parent = parent            # the Stage this one builds on, or None for an image
        self.instructions = []

    def label(self):
        return f"stage {self.index}" + (f" `{self.name}`" if self.name else "")

    def chain(self):
        """This stage and the stages it builds on, root first: everything that ends up in its image."""
        stages = [self]
        while stages[0].parent is not None:
            stages.insert(0, stages[0].parent)
        return stages

    def root(self):
        return self.chain()[0]

    def all_instructions(self):
        return [instruction for stage in self.chain() for instruction in stage.instructions]


class Dockerfile:
    def __init__(self, text):
        self.instructions = parse_dockerfile(text)
        self.global_args = {}
        self.stages = []
        for instruction in self.instructions:
            if instruction.keyword == "FROM":
                self.add_stage(instruction)
            elif not self.stages:
                if instruction.keyword == "ARG":
                    for name, value in arg_definitions(instruction.rest):
                        # A default may use the ARGs above it, as in ARG BASE=python:${VERSION}-slim.
                        self.global_args[name] = None if value is None else expand(value, self.global_args)
            else:
                self.stages[-1].instructions.append(instruction)

    def add_stage(self, instruction):
        words = instruction.rest.split()
        reference = expand(words[0], self.global_args) if words else None
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        parent = None
        if reference is not None:
            for stage in self.stages:
                if stage.name == reference.lower():
                    parent = stage
        self.stages.append(Stage(len(self.stages), instruction, reference, name, parent))

    def stage_named(self, ref):
        """The stage a `--from=` names (by name or index), or None when it names an image."""
        ref = ref.lower()
        for stage in self.stages:
            if stage.name == ref or (ref.isdigit() and int(ref) == stage.index):
                return stage
        return None

    @property
    def final(self):
        return self.stages[-1] if self.stages else None


def arg_definitions(rest):
    """`ARG A=1 B` -> [("A", "1"), ("B", None)]."""
    result = []
    for word in split_words(rest):
        name, equals, value = word.partition("=")
        result.append((name, value if equals else None))
    return result


def env_definitions(rest):
    """`ENV A=1 B="x y"` or the legacy `ENV A 1` -> [(name, value)]."""
    words = split_words(rest)
    if words and "=" not in words[0]:
        name, _, value = rest.strip().partition(" ")
        return [(name, value.strip())]
    return [tuple(word.split("=", 1)) if "=" in word else (word, "") for word in words]


def split_words(text):
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


# --- image references ----------------------------------------------------------------------------------------

DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
FULL_VERSION = re.compile(r"(?:^|[^0-9.])v?\d+\.\d+\.\d+(?:$|[^0-9.])")


def split_reference(reference):
    """(repository, tag or None, digest or None) of `registry/name:tag@sha256:...`."""
    digest = None
    if "@" in reference:
        reference, digest = reference.split("@", 1)
    tag = None
    last = reference.rsplit("/", 1)[-1]
    if ":" in last:
        tag = last.split(":", 1)[1]
        reference = reference[: len(reference) - len(tag) - 1]
    return reference, tag, digest


def pinning_problem(reference):
    """None when the image is pinned to one exact build, else why not."""
    repository, tag, digest = split_reference(reference)
    if digest is not None:
        return None if DIGEST.search("@" + digest) else f"`{reference}` has a malformed digest"
    if tag is None:
        return f"`{reference}` has no tag, so it means `:latest`, which moves"
    if not FULL_VERSION.search(tag):
        return f"`{reference}`: the tag `{tag}` is not an exact version (it moves when a new patch release ships)"
    return None


def slim_base(reference):
    repository, tag, _ = split_reference(reference)
    text = f"{repository}:{tag or ''}".lower()
    return any(word in text for word in ("slim", "alpine", "distroless"))


# --- .dockerignore -------------------------------------------------------------------------------------------

def ignore_patterns(text):
    patterns = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:].strip()
        line = os.path.normpath(line).lstrip("/")
        if line in ("", "."):
            continue
        patterns.append((negate, re.compile(pattern_regex(line)), raw.strip()))
    return patterns


def pattern_regex(pattern):
    regex, i = "^", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            if pattern[i + 1:i + 2] == "*":
                i += 1
                if pattern[i + 1:i + 2] == "/":
                    i += 1
                    regex += "(?:.*/)?"
                else:
                    regex += ".*"
            else:
                regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                regex += re.escape(char)
            else:
                regex += "[" + pattern[i + 1:end].replace("\\", "\\\\") + "]"
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            regex += re.escape(pattern[i])
        else:
            regex += re.escape(char)
        i += 1
    return regex + "$"


def ignored(path, patterns):
    """Whether `path` (relative to the context) is left out of the build context, and by which line."""
    parents = []
    parts = path.split("/")
    for n in range(1, len(parts) + 1):
        parents.append("/".join(parts[:n]))
    result, by = False, None
    for negate, regex, raw in patterns:
        if any(regex.match(candidate) for candidate in parents):
            result, by = not negate, raw
    return result, by


# --- the app -------------------------------------------------------------------------------------------------

class App:
    def __init__(self, submission):
        self.submission = submission
        # What the messages call the install step, the private index, and a CMD that would run the app.
        self.health_flag = None         # the app's own health-check mode, for images without a runtime to script in
        self.bare_base = False          # whether the final stage may be `scratch` (a static binary needs nothing)
        if os.path.isfile(os.path.join(submission, "server.js")):
            self.language = "node"
            self.entry = "server.js"
            self.manifests = ["package.json", "package-lock.json"]
            self.install = re.compile(r"\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\b|pnpm\s+install)")
            self.install_name, self.install_example = "npm ci", "npm ci"
            self.installers = "pip / npm / yarn"
            self.entry_message = "the app's server.js"
            self.index = "registry"
            self.exec_example = 'CMD ["node", "server.js"]'
            self.secret_id = "npm_token"
            self.sources = ["server.js", "lib/store.js"]
            self.keep = ["server.js", "package.json", "package-lock.json", ".npmrc", "lib/store.js"]
            self.drop = [".git/HEAD", ".git/objects/3f/a1c2", ".env", ".env.production", "node_modules/fastify/package.json",
                         "node_modules/.bin/eslint"]
            self.builtin_users = {"node"}
        elif os.path.isfile(os.path.join(submission, "go.mod")):
            self.language = "go"
            self.entry = "the program `go build` makes"
            self.manifests = ["go.mod", "go.sum"]
            # `go mod download` fetches the modules; `go build`, `go install` and `go get` fetch what is missing too.
            self.install = re.compile(r"\bgo\s+(mod\s+download|build|install|get)\b")
            self.install_name, self.install_example = "go mod download", "go mod download"
            self.installers = "go command"
            self.entry_message = "the program `go build -o NAME` makes, by that NAME"
            self.index = "module proxy"
            self.exec_example = 'ENTRYPOINT ["/quotes"]'
            self.secret_id = "goproxy_token"
            self.sources = ["main.go", "internal/store/store.go"]
            self.keep = ["main.go", "go.mod", "go.sum", "internal/store/store.go"]
            self.drop = [".git/HEAD", ".git/objects/3f/a1c2", ".env", ".env.production", "quotes"]
            self.builtin_users = set()
            self.health_flag = "-healthcheck"
            self.bare_base = True
        elif os.path.isfile(os.path.join(submission, "pom.xml")):
            self.language = "java"
            self.entry = "the jar Maven builds (or the main class com.acme.quotes.App)"
            self.manifests = ["pom.xml"]
            # Maven (mvn, ./mvnw, /usr/bin/mvn) or Gradle, whatever goal: each fetches what it needs from the repository.
            self.install = re.compile(r"(?:^|[\s;&|(/])(?:mvnw?|gradlew?)(?=\s|$)")
            self.install_name, self.install_example = "mvn", "mvn -s settings.xml dependency:go-offline"
            self.installers = "mvn / gradle"
            self.entry_message = "the jar Maven builds (java -jar .../quotes.jar) or the main class com.acme.quotes.App"
            self.index = "repository"
            self.exec_example = 'CMD ["java", "-jar", "/app/quotes.jar"]'
            self.secret_id = "maven_token"
            self.sources = ["src/main/java/com/acme/quotes/App.java", "src/main/java/com/acme/quotes/QuoteStore.java"]
            self.keep = ["pom.xml", "settings.xml", "src/main/java/com/acme/quotes/App.java",
                         "src/main/java/com/acme/quotes/QuoteStore.java"]
            self.drop = [".git/HEAD", ".git/objects/3f/a1c2", ".env", ".env.production", "target/quotes.jar",
                         "target/classes/com/acme/quotes/App.class"]
            self.builtin_users = set()
            self.health_flag = "--healthcheck"
        else:
            self.language = "python"
            self.entry = "app.py"
            self.manifests = ["requirements.txt"]
            self.install = re.compile(r"\b(pip3?|python3?\s+-m\s+pip)\s+install\b|\b(uv\s+pip\s+install|poetry\s+install|pipenv\s+install)\b")
            self.install_name, self.install_example = "pip install", "pip install -r requirements.txt"
            self.installers = "pip / npm / yarn"
            self.entry_message = "the app's app.py"
            self.index = "index"
            self.exec_example = 'CMD ["python", "app.py"]'
            self.secret_id = "pip_token"
            self.sources = ["app.py", "quotes/store.py"]
            self.keep = ["app.py", "requirements.txt", "quotes/__init__.py", "quotes/store.py"]
            self.drop = [".git/HEAD", ".git/objects/3f/a1c2", ".env", ".env.production", "__pycache__/app.cpython-312.pyc",
                         "quotes/__pycache__/store.cpython-312.pyc", ".venv/bin/python"]
            self.builtin_users = set()

    def runs(self, words, dockerfile):
        """Whether a command (the words of ENTRYPOINT and CMD) starts the app."""
        if self.language == "go":
            names = go_programs(dockerfile, self.read("go.mod") or "")
            return any(word.rstrip("/").rsplit("/", 1)[-1] in names for word in words)
        if self.language == "java":
            return any(word.endswith(".jar") or word == "com.acme.quotes.App" for word in words)
        return any(word == self.entry or word.endswith("/" + self.entry) for word in words)

    def read(self, name):
        try:
            with open(os.path.join(self.submission, name), encoding="utf-8") as f:
                return f.read()
        except OSError:
            return None


def go_programs(dockerfile, go_mod):
    """The file names a Go program can have in the image: what `go build -o` writes (or the module's last path
    element, which `go build` and `go install` use without -o), and the names it is copied to with COPY --from."""
    module = re.search(r"(?m)^module\s+(\S+)", go_mod)
    default = module.group(1).rstrip("/").rsplit("/", 1)[-1] if module else "quotes"
    names = set()
    for instruction in dockerfile.instructions:
        if instruction.keyword != "RUN":
            continue
        for match in re.finditer(r"\bgo\s+(build|install)\b([^;&|\n]*)", instruction.text()):
            words = split_words(match.group(2))
            output = None
            for index, word in enumerate(words):
                if word == "-o" and index + 1 < len(words):
                    output = words[index + 1]
                elif word.startswith("-o="):
                    output = word[3:]
            if match.group(1) == "build" and output and not output.endswith("/"):
                names.add(output.rsplit("/", 1)[-1])
            else:
                names.add(default)
    for instruction in dockerfile.instructions:
        if instruction.keyword == "COPY" and instruction.flag_values("from"):
            words = instruction.json or split_words(instruction.rest)
            if len(words) >= 2 and not words[-1].endswith("/") and \
                    any(source.rstrip("/").rsplit("/", 1)[-1] in names for source in words[:-1]):
                names.add(words[-1].rsplit("/", 1)[-1])
    return names


# --- the rules -----------------------------------------------------------------------------------------------

def install_runs(dockerfile, app, stages=None):
    """(stage, instruction) of every RUN that installs the app's dependencies."""
    found = []
    for stage in stages if stages is not None else dockerfile.stages:
        for instruction in stage.instructions:
            if instruction.keyword == "RUN" and app.install.search(instruction.text()):
                found.append((stage, instruction))
    return found


def copies_from_stage(dockerfile, stage):
    """The COPY --from= instructions of `stage`'s image that name another stage."""
    found = []
    for instruction in stage.all_instructions():
        if instruction.keyword == "COPY":
            for ref in instruction.flag_values("from"):
                source = dockerfile.stage_named(ref or "")
                if source is not None and source not in stage.chain():
                    found.append((instruction, source))
    return found


def rule_multi_stage(report, dockerfile, app):
    final = dockerfile.final
    report.check("the Dockerfile has at least two stages (a build stage and a runtime stage)", len(dockerfile.stages) >= 2,
                 f"it has {len(dockerfile.stages)} FROM. Build in one stage, then start the runtime stage FROM a fresh "
                 "base and COPY --from=<build stage> only what the app needs at run time.")
    copies = copies_from_stage(dockerfile, final)
    report.check("the final stage copies its dependencies from a build stage (COPY --from=<stage>)", bool(copies),
                 f"{final.label()} (line {final.from_instruction.line}) never copies from another stage.")
    installs = install_runs(dockerfile, app)
    in_final = install_runs(dockerfile, app, final.chain())
    report.check(f"dependencies are installed in a build stage ({app.install_name})",
                 len(installs) > len(in_final),
                 "no stage other than the final one installs the dependencies" if installs else
                 f"no RUN installs the dependencies ({app.install_example}).")
    report.check(f"the final image runs no package installer (no {app.installers} in the final stage or the stages it builds on)",
                 not in_final, "; ".join(f"{i.where()}" for _, i in in_final) +
                 ": install in the build stage and copy the result, so the package manager, its cache and any build "
                 "tools stay out of the image you ship.")
    root = final.root()
    bare = app.bare_base and (root.reference or "").lower() == "scratch"
    report.check("the final stage's base is a slim, alpine or distroless image" + (" (or scratch)" if app.bare_base else ""),
                 root.reference is not None and (slim_base(root.reference) or bare),
                 f"{final.label()} builds on `{root.reference}`. The full image carries compilers and hundreds of "
                 "packages you do not run (and must patch); use a -slim, -alpine or distroless variant"
                 + (", or scratch for a static binary." if app.bare_base else "."))


def rule_pinned(report, dockerfile, app):
    problems = []
    for stage in dockerfile.stages:
        if stage.parent is not None:
            continue
        instruction = stage.from_instruction
        if stage.reference is None:
            problems.append(f"line {instruction.line}: `{instruction.rest.split()[0]}` uses an ARG with no default, "
                            "so the file alone does not say which image it builds on")
        elif stage.reference.lower() != "scratch":
            problem = pinning_problem(stage.reference)
            if problem:
                problems.append(f"line {instruction.line}: {problem}")
    for instruction in dockerfile.instructions:
        if instruction.keyword == "COPY":
            for ref in instruction.flag_values("from"):
                if ref and dockerfile.stage_named(ref) is None:
                    problem = pinning_problem(expand(ref, dockerfile.global_args) or ref)
                    if problem:
                        problems.append(f"line {instruction.line} (COPY --from): {problem}")
    report.check("every base image is pinned: an exact version tag (like 3.12.4-slim-bookworm) or a digest (@sha256:...)",
                 not problems, "; ".join(problems) + ". A moving tag rebuilds into a different image without any change "
                 "in your repository.")


def rule_layer_order(report, dockerfile, app):
    installs = install_runs(dockerfile, app)
    if not report.check("a RUN installs the dependencies", bool(installs),
                        f"no RUN installs them ({' or '.join(app.manifests)} are the manifests)."):
        return
    stage, install = installs[0]
    copied, early = set(), []
    for instruction in stage.all_instructions():
        if instruction is install:
            break
        if instruction.keyword in ("COPY", "ADD") and not instruction.flag_values("from"):
            sources = (instruction.json or split_words(instruction.rest))[:-1]
            for source in sources:
                name = source.rstrip("/")
                if name in (".", "./", "*", ""):
                    early.append(f"{instruction.where()} copies the whole context")
                for manifest in app.manifests:
                    if re.fullmatch(pattern_regex(name), manifest) or name == manifest:
                        copied.add(manifest)
                for source_file in app.sources:
                    top = source_file.split("/")[0]
                    # By name, by its top directory, or by a wildcard (`COPY *.go ./`).
                    if name in (source_file, top) or (name not in (".", "./", "*", "") and any(
                            re.fullmatch(pattern_regex(name), path) for path in (source_file, top))):
                        early.append(f"{instruction.where()} copies the source {source_file}")
    missing = [m for m in app.manifests if m not in copied]
    report.check(f"{' and '.join(app.manifests)} {'are' if len(app.manifests) > 1 else 'is'} copied before the "
                 "install step", not missing, f"before {install.where()}, {', '.join(missing)} "
                 f"{'was' if len(missing) == 1 else 'were'} not copied by name.")
    report.check("the source code is copied after the install step, so a code change does not re-install", not early,
                 "; ".join(early) + f", before the install at line {install.line}: every edit to the code invalidates the "
                 "cache of that layer, and the dependencies are installed again on every build.")


def effective(stage, keyword):
    found = [i for i in stage.all_instructions() if i.keyword == keyword]
    return found[-1] if found else None


def created_users(stage):
    """User names that a useradd / adduser in `stage`'s image creates."""
    names = set()
    for instruction in stage.all_instructions():
        if instruction.keyword != "RUN":
            continue
        for match in re.finditer(r"\b(?:useradd|adduser)\b([^;&|\n]*)", instruction.text()):
            tokens = split_words(match.group(1))
            position = 0
            while position < len(tokens):
                token = tokens[position]
                if token.startswith("-"):
                    takes_value = "=" not in token and token not in FLAG_WITHOUT_VALUE
                    position += 2 if takes_value else 1
                    continue
                names.add(token)
                break
    return names


# useradd / adduser options (Debian, shadow and BusyBox) that take no value; every other option takes one.
FLAG_WITHOUT_VALUE = {"--system", "-r", "-M", "--no-create-home", "-m", "--create-home", "-D", "--disabled-password",
                      "-S", "-N", "--no-user-group", "-U", "--user-group", "--disabled-login", "-H", "--no-log-init",
                      "-l", "--quiet", "-q", "--force-badname", "--allow-bad-names"}


def rule_non_root(report, dockerfile, app):
    final = dockerfile.final
    user = effective(final, "USER")
    if not report.check("the final stage sets a USER", user is not None,
                        f"{final.label()} has no USER instruction, so the app runs as root: a bug in it (or in a "
                        "dependency) is root in the container."):
        return
    name = user.rest.strip().split(":")[0].strip()
    report.check("the last USER of the final stage is not root", name.lower() not in ("root", "0", ""),
                 f"{user.where()} switches to root; switch back to an unprivileged user after what needs root.")
    root = final.root().reference or ""
    # Every image has root; `USER root` is already refused above, not reported again as a missing user.
    builtin = set(app.builtin_users) | {"nobody", "root"}
    if "distroless" in root:
        builtin |= {"nonroot"}
    exists = name.isdigit() or name in builtin or name in created_users(final)
    report.check(f"the user `{name}` exists in the final image (created there with useradd/adduser, a numeric UID, "
                 "or one the base image ships)", exists,
                 f"{user.where()}: nothing in {final.label()} or the stages it builds on creates `{name}`, and "
                 f"`{root}` does not ship it: the container would fail to start with \"unable to find user {name}\". "
                 "Create it in the same stage (useradd / adduser) or use a numeric UID.")


def rule_exec_form(report, dockerfile, app):
    final = dockerfile.final
    cmd, entrypoint = effective(final, "CMD"), effective(final, "ENTRYPOINT")
    if not report.check("the final stage has a CMD or ENTRYPOINT", cmd or entrypoint,
                        f"{final.label()} says nothing about what to run."):
        return
    shell = [i for i in (entrypoint, cmd) if i is not None and i.json is None]
    report.check("CMD and ENTRYPOINT are in exec (JSON) form, so the app is PID 1 and receives SIGTERM", not shell,
                 "; ".join(i.where() for i in shell) + ": the shell form runs `/bin/sh -c`, which becomes PID 1 and does "
                 "not pass SIGTERM on; the app is killed at the end of the grace period instead of shutting down. Write "
                 f"it as a JSON array, e.g. {app.exec_example}.")
    words = (entrypoint.json or [] if entrypoint else []) + (cmd.json or [] if cmd else [])
    report.check(f"the command runs {app.entry}", app.runs(words, dockerfile),
                 f"the command is {words or '(shell form)'}; it should start {app.entry_message}.")
    ports = [word for i in final.all_instructions() if i.keyword == "EXPOSE" for word in i.rest.split()]
    report.check("the final stage documents the port with EXPOSE 8080", any(p in ("8080", "8080/tcp") for p in ports),
                 f"EXPOSE lists {ports or 'nothing'}; the app listens on 8080.")


def rule_healthcheck(report, dockerfile, app):
    final = dockerfile.final
    check = effective(final, "HEALTHCHECK")
    rest = check.rest.strip() if check else ""
    if not report.check("the final stage has a HEALTHCHECK ... CMD", check is not None and rest.upper().startswith("CMD"),
                        f"{'HEALTHCHECK NONE turns it off' if rest.upper().startswith('NONE') else 'there is none'} in "
                        f"{final.label()}: without one, Docker and Compose cannot tell a hung app from a healthy one."):
        return
    command = rest[3:].strip()
    report.check("the health check uses no curl or wget (slim and distroless images do not ship them)",
                 not re.search(r"\b(curl|wget)\b", command),
                 f"{check.where()}: use the runtime you already have, e.g. python -c / node -e with an HTTP GET.")
    referenced = [app.read(word) for word in re.findall(r"[\w./-]+\.(?:py|js|mjs|cjs|sh)\b", command)]
    probes = "/healthz" in command or any(text and "/healthz" in text for text in referenced)
    words = Instruction("CMD", [], command, check.line, []).json or split_words(command)
    # A compiled app's own health-check mode requests /healthz (README): the image needs no runtime to script in.
    own_mode = app.health_flag is not None and app.health_flag in words and app.runs(words, dockerfile)
    report.check("the health check requests /healthz (in its command, or in a script of yours that it runs"
                 + (f", or the app's own {app.health_flag} mode" if app.health_flag else "") + ")", probes or own_mode,
                 f"{check.where()} does not ask the app's /healthz endpoint"
                 + (f" (the app does when run with {app.health_flag})." if app.health_flag else "."))


SECRET_NAME = re.compile(r"(?i)(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)")
SECRET_FILE = re.compile(r"(?i)(^|/)(\.env(\..*)?|\.netrc|id_rsa.*|id_ed25519.*|.*\.pem|.*\.key|credentials(\.json)?)$")
URL_PASSWORD = re.compile(r"://[^/\s:@]+:([^/\s@]+)@")


def rule_no_secrets(report, dockerfile, app):
    leaks = []
    for instruction in dockerfile.instructions:
        if instruction.keyword == "ARG":
            for name, _ in arg_definitions(instruction.rest):
                if SECRET_NAME.search(name):
                    leaks.append(f"{instruction.where()}: build arguments are recorded in the image history "
                                 "(docker history shows them)")
        elif instruction.keyword == "ENV":
            for name, _ in env_definitions(instruction.rest):
                if SECRET_NAME.search(name):
                    leaks.append(f"{instruction.where()}: ENV is stored in the image; anyone who can pull it can read it")
        elif instruction.keyword in ("COPY", "ADD") and not instruction.flag_values("from"):
            for source in (instruction.json or split_words(instruction.rest))[:-1]:
                if SECRET_FILE.search(source.rstrip("/")):
                    leaks.append(f"{instruction.where()}: copies a secrets file into a layer")
        if instruction.keyword in ("RUN", "ENV"):
            for match in URL_PASSWORD.finditer(instruction.text()):
                if "$" not in match.group(1):
                    leaks.append(f"{instruction.where()}: a password written in a URL")
    report.check("no secret in the image: no ARG or ENV named like a token, password or key, no secrets file "
                 "copied, no password in a URL", not leaks, "; ".join(leaks) + ". Pass build-time secrets with "
                 f"RUN --mount=type=secret,id={app.secret_id} and read /run/secrets/{app.secret_id}.")


def rule_secret_mount(report, dockerfile, app):
    installs = install_runs(dockerfile, app)
    if not report.check("a RUN installs the dependencies", bool(installs), "no RUN installs them."):
        return
    mounted = []
    for _, instruction in installs:
        for value in instruction.flag_values("mount"):
            options = dict(part.split("=", 1) if "=" in part else (part, "") for part in (value or "").split(","))
            if options.get("type") == "secret" and (options.get("id") == app.secret_id or
                                                    options.get("id") is None and options.get("target", "").endswith(app.secret_id)):
                mounted.append(instruction)
    report.check(f"the install step reads the registry token from a BuildKit secret "
                 f"(RUN --mount=type=secret,id={app.secret_id})", bool(mounted),
                 f"{installs[0][1].where()} has no such mount. The private {app.index} "
                 f"needs the token only while that command runs: mount it there (the CI passes it with "
                 f"--secret id={app.secret_id},env=...), and it never reaches a layer or the history.")


def rule_dockerignore(report, dockerfile, app):
    text = app.read(".dockerignore")
    if not report.check("there is a .dockerignore", text is not None,
                        "without one, COPY . sends everything -- .git, .env, local caches -- into the build context and "
                        "into the image."):
        return
    patterns = ignore_patterns(text)
    leaked = [path for path in app.drop if not ignored(path, patterns)[0]]
    report.check("the .dockerignore leaves out " + ", ".join(app.drop), not leaked,
                 f"these would still be sent: {', '.join(leaked)}. Patterns are anchored at the context root: "
                 "`__pycache__` matches only ./__pycache__, `**/__pycache__` matches it at any depth; `.env*` or "
                 "`.env` plus `.env.*` cover the variants.")
    lost = [(path, ignored(path, patterns)[1]) for path in app.keep if ignored(path, patterns)[0]]
    report.check("and keeps what the build needs: " + ", ".join(app.keep), not lost,
                 "; ".join(f"{path} is left out by `{by}`" for path, by in lost) + ". Re-include it with a `!` line after "
                 "the pattern that excludes it.")


RULES = {
    "multi-stage": rule_multi_stage, "pinned": rule_pinned, "layer-order": rule_layer_order,
    "non-root": rule_non_root, "exec-form": rule_exec_form, "healthcheck": rule_healthcheck,
    "no-secrets": rule_no_secrets, "secret-mount": rule_secret_mount, "dockerignore": rule_dockerignore,
}


def main():
    parser = argparse.ArgumentParser(description="Grades production-dockerfile.")
    parser.add_argument("rules", nargs="+", choices=sorted(RULES) + ["all"], metavar="RULE",
                        help=f"one or more of: {', '.join(RULES)}; or all")
    parser.add_argument("--submission", default="/submission")
    args = parser.parse_args()
    report = Report()
    app = App(os.path.abspath(args.submission))
    text = app.read("Dockerfile")
    if not report.check("there is a Dockerfile at the root of the repository", text is not None, "Dockerfile not found."):
        report.emit()
        return
    dockerfile = Dockerfile(text)
    if report.check("the Dockerfile has a FROM", dockerfile.stages, "no FROM instruction found."):
        for name in (list(RULES) if "all" in args.rules else args.rules):
            RULES[name](report, dockerfile, app)
    report.emit()


if __name__ == "__main__":
    main()
