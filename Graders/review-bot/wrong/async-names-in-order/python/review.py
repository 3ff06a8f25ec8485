# Known-wrong (async-names-in-order): learns async names while walking the lines, so a call that comes before the declaration in the diff is missed.
"""Reference solution for review-bot: reads a unified diff on stdin, prints the defects on its added lines."""
import re
import sys

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
SQL = re.compile(r"\bselect\b.*\bfrom\b|\binsert\s+into\b|\bupdate\b.*\bset\b|\bdelete\s+from\b", re.IGNORECASE)
SECRET_NAMES = ("password", "passwd", "pwd", "secret", "secretkey", "token", "apikey", "accesskey", "privatekey")
AWS_KEY = re.compile(r"AKIA[0-9A-Z]{16}")
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
NAME_AT_END = re.compile(r"([A-Za-z_$][\w$]*)$")
PY_RANGE = re.compile(r"\brange\(\s*(?:0\s*,\s*)?len\([^()]*\)\s*\+\s*1\s*\)")
PY_WHILE = re.compile(r"^\s*while\b.*<=\s*len\(")
JS_FOR = re.compile(r"\bfor\s*\([^;]*;[^;]*<=\s*[\w$.\[\]]+\.length\s*;")
PY_OPEN = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*open\(")
JS_OPEN = re.compile(r"^\s*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=\s*fs\.openSync\(")
PY_ASYNC = [re.compile(r"\basync\s+def\s+([A-Za-z_]\w*)")]
JS_ASYNC = [
    re.compile(r"\basync\s+function\s*\*?\s*([A-Za-z_$][\w$]*)"),
    re.compile(r"([A-Za-z_$][\w$]*)\s*=\s*async\b"),
    re.compile(r"^\s*(?:static\s+)?async\s+(?!function\b)([A-Za-z_$][\w$]*)\s*\("),
]
HANDED_OVER = re.compile(r"\.then\(|\.catch\(|\basyncio\.|\bPromise\.")


def parse_diff(text):
    """Yields (path, [(kind, new line number, text)]) for every file the diff changes and keeps."""
    files = []
    current = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        i += 1
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            target = line[4:].split("\t")[0]
            current = None
            if target != "/dev/null":
                current = (target[2:] if target.startswith("b/") else target, [])
                files.append(current)
        elif line.startswith("@@ ") and current is not None:
            match = HUNK.match(line)
            old_left = int(match.group(2)) if match.group(2) is not None else 1
            new_left = int(match.group(4)) if match.group(4) is not None else 1
            number = int(match.group(3))
            while (old_left > 0 or new_left > 0) and i < len(lines):
                body = lines[i].rstrip("\r")
                i += 1
                tag, content = body[:1], body[1:]
                if tag == "\\":
                    continue
                if tag == "+":
                    current[1].append(("+", number, content))
                    number += 1
                    new_left -= 1
                elif tag == "-":
                    current[1].append(("-", None, content))
                    old_left -= 1
                else:
                    current[1].append((" ", number, content))
                    number += 1
                    old_left -= 1
                    new_left -= 1
    return files


def scan(code, language):
    """Splits a line into its string literals and the code around them.

    Returns (code with comments removed and literal contents blanked, [literal]) where a literal is a dict with
    start, end (offsets of the quotes), content and interpolated (an f-string or template with placeholders).
    """
    literals = []
    out = []
    i = 0
    while i < len(code):
        c = code[i]
        if (language == "py" and c == "#") or (language == "js" and code.startswith("//", i)):
            break
        prefix = ""
        if language == "py":
            match = re.match(r"([rRbBuUfF]{1,2})?(['\"])", code[i:])
            if match and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
                prefix = (match.group(1) or "").lower()
                quote_at = i + len(match.group(1) or "")
            else:
                match = None
        else:
            match = c in "'\"`"
            quote_at = i
        if not match:
            out.append(c)
            i += 1
            continue
        quote = code[quote_at]
        j = quote_at + 1
        content = []
        while j < len(code) and code[j] != quote:
            if code[j] == "\\" and j + 1 < len(code):
                content.append(code[j:j + 2])
                j += 2
                continue
            content.append(code[j])
            j += 1
        text = "".join(content)
        interpolated = ("f" in prefix and re.search(r"\{[^{}]*\}", text) is not None) or (quote == "`" and "${" in text)
        literals.append({"start": i, "end": j, "content": text, "interpolated": interpolated})
        out.append(code[i:quote_at + 1] + " " * (j - quote_at - 1) + (quote if j < len(code) else ""))
        i = j + 1
    return "".join(out), literals


def concatenated_with_code(blanked, literals, literal):
    """Whether a `+` chain through this literal has an operand that is not a string literal."""
    by_start = {l["start"]: l for l in literals}
    by_end = {l["end"]: l for l in literals}
    current = literal
    while True:
        rest = blanked[current["end"] + 1:]
        after = rest.lstrip()
        if not after.startswith("+") or after.startswith("+="):
            break
        operand = after[1:].lstrip()
        at = len(blanked) - len(operand)
        if at not in by_start:
            return True
        current = by_start[at]
    current = literal
    while True:
        before = blanked[:current["start"]].rstrip()
        if not before.endswith("+") or before.endswith("++"):
            break
        operand = before[:-1].rstrip()
        if len(operand) - 1 not in by_end:
            return True
        current = by_end[len(operand) - 1]
    return False


def sql_injection(blanked, literals):
    """The line's string literals, read together, hold SQL, and one of them is built from code."""
    if not SQL.search(" ".join(literal["content"] for literal in literals)):
        return False
    for literal in literals:
        after = blanked[literal["end"] + 1:].lstrip()
        if literal["interpolated"] or after.startswith(".format("):
            return True
        if after.startswith("%") and not after.startswith("%="):
            return True
        if concatenated_with_code(blanked, literals, literal):
            return True
    return False


def secret_name(name):
    normalized = name.lower().replace("_", "").replace("-", "")
    return normalized.endswith(SECRET_NAMES)


def assigned_name(blanked, literals, literal):
    """The name a literal is assigned to (`name = "..."`, `name: "..."`, `"name": "..."`), or None."""
    before = blanked[:literal["start"]].rstrip()
    if not before or before[-1] not in ":=" or before[-2:-1] in ("=", "!", "<", ">"):
        return None
    head = before[:-1].rstrip()
    for key in literals:
        if key["end"] == len(head) - 1:
            return key["content"]
    match = NAME_AT_END.search(head)
    return match.group(1) if match else None


def hardcoded_secret(blanked, literals):
    for literal in literals:
        if AWS_KEY.search(literal["content"]) or PRIVATE_KEY.search(literal["content"]):
            return True
        if literal["interpolated"] or len(literal["content"]) < 8:
            continue
        name = assigned_name(blanked, literals, literal)
        if name is not None and secret_name(name):
            return True
    return False


def off_by_one(blanked, language):
    if language == "py":
        return bool(PY_RANGE.search(blanked) or PY_WHILE.search(blanked))
    return bool(JS_FOR.search(blanked))


def resource_leak(blanked, language, later):
    match = (PY_OPEN if language == "py" else JS_OPEN).match(blanked)
    if not match or blanked.lstrip().startswith("with "):
        return False
    name = re.escape(match.group(1))
    closing = re.compile(rf"(?<![\w$.]){name}\.close\(\)" if language == "py" else rf"\bfs\.closeSync\(\s*{name}\s*\)")
    return not any(closing.search(line) for line in later)


def missing_await(blanked, language, async_names):
    if HANDED_OVER.search(blanked):
        return False
    declarations = PY_ASYNC if language == "py" else JS_ASYNC
    declared_here = {m.group(1) for pattern in declarations for m in pattern.finditer(blanked)}
    for name in async_names - declared_here:
        for call in re.finditer(rf"(?<![\w$]){re.escape(name)}\s*\(", blanked):
            before = blanked[:call.start()]
            if re.search(r"(?:\bawait|\breturn|\byield)\s+(?:[\w$]+\s*\.\s*)*$", before):
                continue
            if re.search(r"\b(?:def|function)\s+$", before):
                continue
            return True
    return False


def review(text):
    findings = []
    for path, lines in parse_diff(text):
        language = "py" if path.endswith(".py") else "js" if path.endswith(".js") else None
        if language is None:
            continue
        visible = [(kind, number, scan(content, language)) for kind, number, content in lines if kind != "-"]
        async_names = set()
        for index, (kind, number, (blanked, literals)) in enumerate(visible):
            for pattern in PY_ASYNC if language == "py" else JS_ASYNC:
                async_names.update(m.group(1) for m in pattern.finditer(blanked))
            if kind != "+":
                continue
            later = [b for _, _, (b, _) in visible[index + 1:]]
            categories = []
            if hardcoded_secret(blanked, literals):
                categories.append("hardcoded-secret")
            if missing_await(blanked, language, async_names):
                categories.append("missing-await")
            if off_by_one(blanked, language):
                categories.append("off-by-one")
            if resource_leak(blanked, language, later):
                categories.append("resource-leak")
            if sql_injection(blanked, literals):
                categories.append("sql-injection")
            findings.extend(f"{path}:{number} {category}" for category in categories)
    return findings


def main():
    for finding in review(sys.stdin.read()):
        print(finding)


if __name__ == "__main__":
    main()
