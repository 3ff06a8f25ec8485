/// The mutator: a Python program that derives mutants of a reference solution, run in the sandbox by
/// ``MutantGenerator`` with the `python` profile (it reads lab code, so it never runs outside a box).
///
/// It is kept in the binary rather than beside it, so an installed `ladder` always has it: the generator writes it
/// into the run's scratch directory. Python's own `ast` module parses Python files; `*.sql` files go through a small
/// tokenizer. docs/lab-format.md ("Grader strength from mutants") lists the operators and how the sample is drawn.
enum MutatorProgram {
    static let fileName = "ladder-mutate.py"

    static let source = #"""
        """Ladder's mutator: derives mutants of a lab's reference solution, for `ladder lab validate --strength`.

        Usage: python3 mutate.py MAX SEED ROOT FILE...

        Reads each FILE under ROOT (Python through the `ast` module, `*.sql` through a small tokenizer), lists every mutant the
        operators can make, picks at most MAX of them with a sample that is the same on every run (ordered by a hash of
        SEED and the mutant's id, taken in turn from each operator, preferring lines not yet used), and prints one JSON
        document: every candidate's id, the chosen mutants with the full text of their changed file, and the files or
        parts it could not mutate. It runs inside Ladder's sandbox: it reads lab code, and writes nothing but stdout.
        """
        import ast
        import hashlib
        import json
        import os
        import re
        import sys

        # The order operators take turns in when the sample is drawn; also the order of mutants on one spot.
        OPERATORS = [
            "arithmetic", "comparison", "boolean", "constant", "string", "branch", "arguments", "statement", "return",
            "join", "where", "count", "order", "distinct",
        ]

        ARITHMETIC = {
            ast.Add: (ast.Sub, "+", "-"), ast.Sub: (ast.Add, "-", "+"),
            ast.Mult: (ast.Div, "*", "/"), ast.Div: (ast.Mult, "/", "*"),
            ast.FloorDiv: (ast.Mod, "//", "%"), ast.Mod: (ast.FloorDiv, "%", "//"),
        }
        COMPARISON = {
            ast.Lt: (ast.LtE, "<", "<="), ast.LtE: (ast.Lt, "<=", "<"),
            ast.Gt: (ast.GtE, ">", ">="), ast.GtE: (ast.Gt, ">=", ">"),
            ast.Eq: (ast.NotEq, "==", "!="), ast.NotEq: (ast.Eq, "!=", "=="),
            ast.In: (ast.NotIn, "in", "not in"), ast.NotIn: (ast.In, "not in", "in"),
            ast.Is: (ast.IsNot, "is", "is not"), ast.IsNot: (ast.Is, "is not", "is"),
        }
        BOOLEAN = {ast.And: (ast.Or, "and", "or"), ast.Or: (ast.And, "or", "and")}
        # A status code in a string ("404", "404 Not Found") becomes another a service could plausibly answer.
        STATUS_SWAPS = {
            "200": "201", "201": "200", "202": "200", "204": "200", "301": "302", "302": "301", "304": "200",
            "400": "422", "401": "403", "403": "401", "404": "400", "405": "404", "409": "400", "410": "404",
            "412": "400", "415": "400", "422": "400", "429": "503", "500": "503", "503": "500",
        }
        STATUS_STRING = re.compile(r"^([1-5][0-9][0-9])(?: [A-Za-z].*)?$")
        HEADER_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$")
        ONE_WORD_HEADERS = {
            "Accept", "Age", "Allow", "Authorization", "Cookie", "Date", "ETag", "Expires", "Host", "Link", "Location",
            "Origin", "Range", "Server", "Vary",
        }
        MIME_SWAPS = {"application/json": "text/plain", "text/plain": "application/json", "text/html": "text/plain"}
        # Calls whose arguments can change places without changing the result: swapping them only makes equivalent mutants.
        SYMMETRIC_CALLS = {
            "min", "max", "isclose", "gcd", "lcm", "hypot", "assertEqual", "assertNotEqual", "assertAlmostEqual",
            "assertNotAlmostEqual", "assertCountEqual", "assertIs", "assertIsNot", "assertSetEqual", "assertDictEqual",
            "assertListEqual", "assertTupleEqual", "assertSequenceEqual", "assertMultiLineEqual",
        }


        class Candidate:
            """One mutant: where, which operator, the change as shown to the author, and the whole changed file.

            `change` is the exact code before and after (the mutated node, or the SQL span), which the id is made from;
            `original` and `mutated` are what a person reads: the changed lines, or the node alone when they are long.
            """

            def __init__(self, file, line, column, operator, change, original, mutated, source):
                self.file = file
                self.line = line
                self.column = column
                self.operator = operator
                self.change = change
                self.original = original
                self.mutated = mutated
                self.source = source
                self.id = None


        def shown(text, limit=100):
            """A code fragment on one line for a report: whitespace runs become one space, long ones are cut."""
            text = " ".join(text.split())
            if not text:
                return "(nothing)"
            return text if len(text) <= limit else text[: limit - 1] + "\u2026"


        def line_span(text, start, end):
            """The whole lines holding text[start:end]."""
            first = text.rfind("\n", 0, start) + 1
            last = text.find("\n", end)
            return first, len(text) if last < 0 else last


        def describe(text, source, edits, start, end, limit=100):
            """(change, original, mutated) for edits inside text[start:end]: the span exactly, and for a person the
            changed lines, or the span alone when the lines are too long to read."""
            delta = sum(len(r) - (e - s) for s, e, r in edits)
            change = (text[start:end], source[start:end + delta])
            first, last = line_span(text, min(e[0] for e in edits), max(e[1] for e in edits))
            lines = (text[first:last], source[first:last + delta])
            if max(len(" ".join(part.split())) for part in lines) > limit:
                lines = change
            return change, shown(lines[0], limit), shown(lines[1], limit)


        def apply_edits(text, edits):
            """`text` with each (start, end, replacement) applied; the spans never overlap."""
            for start, end, replacement in sorted(edits, reverse=True):
                text = text[:start] + replacement + text[end:]
            return text


        # MARK: Python


        class PythonMutator:
            def __init__(self, file, text):
                self.file = file
                self.text = text
                self.tree = ast.parse(text, filename=file)
                self.line_starts = [0]
                for line in text.splitlines(keepends=True):
                    self.line_starts.append(self.line_starts[-1] + len(line))
                self.parents = {}
                for node in ast.walk(self.tree):
                    for child in ast.iter_child_nodes(node):
                        self.parents[child] = node
                self.candidates = []
                self.unverified = 0

            def offset(self, line, column):
                """The index in the text of an AST position (columns count UTF-8 bytes)."""
                start = self.line_starts[line - 1]
                line_text = self.text[start: self.line_starts[line] if line < len(self.line_starts) else len(self.text)]
                return start + len(line_text.encode("utf-8")[:column].decode("utf-8", errors="ignore"))

            def span(self, node):
                return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

            def segment(self, node):
                start, end = self.span(node)
                return self.text[start:end]

            def replace_in_parent(self, node, new):
                """Puts `new` where `node` is in the tree; returns how to undo it."""
                parent = self.parents[node]
                for field, value in ast.iter_fields(parent):
                    if value is node:
                        setattr(parent, field, new)
                        return lambda: setattr(parent, field, node)
                    if isinstance(value, list):
                        for index, item in enumerate(value):
                            if item is node:
                                value[index] = new
                                return lambda: value.__setitem__(index, node)
                raise ValueError("node not found in its parent")

            def add(self, operator, node, edits, change, shown_node=None):
                """Records a mutant if its text parses to exactly the tree `change` makes; else counts it as unverified.

                `edits` change the text, `change` makes the same change to the tree and returns its undo. Comparing the
                two keeps formatting and comments, and never lets a text edit that Python reads differently through.
                """
                undo = change()
                expected = ast.dump(self.tree)
                undo()
                shown_node = shown_node or node
                start, end = self.span(shown_node)
                for attempt in (edits, [(s, e, "(" + r + ")") for s, e, r in edits]):
                    source = apply_edits(self.text, attempt)
                    try:
                        parsed = ast.dump(ast.parse(source))
                    except (SyntaxError, ValueError):
                        continue
                    if parsed != expected:
                        continue
                    change, original, mutated = describe(self.text, source, attempt, start, end)
                    self.candidates.append(Candidate(
                        self.file, node.lineno, node.col_offset, operator, change, original, mutated, source))
                    return
                self.unverified += 1

            def gap_edit(self, left, right, old, new):
                """The edit replacing operator `old` between nodes `left` and `right`, or None when it is not alone there."""
                start = self.span(left)[1]
                end = self.span(right)[0]
                gap = re.sub(r"#[^\n]*", lambda match: " " * len(match.group(0)), self.text[start:end])
                pattern = r"\s+".join(re.escape(word) for word in old.split(" "))
                matches = list(re.finditer(r"(?<![<>=!*/%+\-\w])" + pattern + r"(?![<>=*/\w])", gap))
                if len(matches) != 1:
                    return None
                if re.sub(r"[\s()\\]", "", gap) != old.replace(" ", ""):
                    return None
                match = matches[0]
                return (start + match.start(), start + match.end(), new)

            def is_main_guard(self, node):
                return (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "__name__"
                        and len(node.comparators) == 1 and isinstance(node.comparators[0], ast.Constant)
                        and node.comparators[0].value == "__main__")

            def mutate(self):
                skipped = set()
                for node in ast.walk(self.tree):
                    if isinstance(node, ast.If) and self.is_main_guard(node.test):
                        skipped.update(ast.walk(node.test))
                docstrings = set()
                for node in ast.walk(self.tree):
                    if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
                        first = node.body[0]
                        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                            docstrings.add(first)
                            docstrings.add(first.value)
                for node in ast.walk(self.tree):
                    if node in skipped or not hasattr(node, "lineno"):
                        continue
                    self.arithmetic(node)
                    self.comparison(node)
                    self.boolean(node)
                    self.constant(node)
                    if node not in docstrings:
                        self.string(node)
                    self.branch(node)
                    self.arguments(node)
                    if node not in docstrings:
                        self.statement(node)
                    self.returns(node)
                return self.candidates

            @staticmethod
            def is_text(node):
                return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)))

            def arithmetic(self, node):
                if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
                    # Joining or formatting text is not arithmetic: its mutants only crash.
                    if isinstance(node.op, (ast.Add, ast.Mod)) and (self.is_text(node.left) or self.is_text(node.right)):
                        return
                    new, old_text, new_text = ARITHMETIC[type(node.op)]
                    edit = self.gap_edit(node.left, node.right, old_text, new_text)
                    if edit:
                        self.add("arithmetic", node, [edit], lambda: self.swap_attribute(node, "op", new()))
                if isinstance(node, ast.AugAssign) and type(node.op) in ARITHMETIC:
                    if isinstance(node.op, (ast.Add, ast.Mod)) and self.is_text(node.value):
                        return
                    new, old_text, new_text = ARITHMETIC[type(node.op)]
                    edit = self.gap_edit(node.target, node.value, old_text + "=", new_text + "=")
                    if edit:
                        self.add("arithmetic", node, [edit], lambda: self.swap_attribute(node, "op", new()))

            @staticmethod
            def swap_attribute(node, name, value):
                old = getattr(node, name)
                setattr(node, name, value)
                return lambda: setattr(node, name, old)

            def comparison(self, node):
                if not isinstance(node, ast.Compare):
                    return
                for index, op in enumerate(node.ops):
                    if type(op) not in COMPARISON:
                        continue
                    new, old_text, new_text = COMPARISON[type(op)]
                    left = node.left if index == 0 else node.comparators[index - 1]
                    edit = self.gap_edit(left, node.comparators[index], old_text, new_text)
                    if edit:
                        def change(index=index, new=new):
                            old = node.ops[index]
                            node.ops[index] = new()
                            return lambda: node.ops.__setitem__(index, old)
                        self.add("comparison", node, [edit], change)

            def boolean(self, node):
                if isinstance(node, ast.BoolOp):
                    new, old_text, new_text = BOOLEAN[type(node.op)]
                    edits = [self.gap_edit(a, b, old_text, new_text) for a, b in zip(node.values, node.values[1:])]
                    if all(edits):
                        self.add("boolean", node, edits, lambda: self.swap_attribute(node, "op", new()))
                if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                    start, end = self.span(node)
                    self.add("boolean", node, [(start, end, self.segment(node.operand))],
                             lambda: self.replace_in_parent(node, node.operand))

            def constant(self, node):
                if not (isinstance(node, ast.Constant) and type(node.value) is int):
                    return
                start, end = self.span(node)
                for value in (node.value + 1, node.value - 1):
                    def new_node(value=value):
                        if value < 0:
                            return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=-value))
                        return ast.Constant(value=value)
                    self.add("constant", node, [(start, end, str(value))],
                             lambda new_node=new_node: self.replace_in_parent(node, new_node()))

            def returns_none_anyway(self, node):
                """Whether the function around `node` can end without a value, so its callers do not use one: there,
                `return respond(...)` is an early exit, and returning None instead changes nothing."""
                function = self.parents.get(node)
                while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    function = self.parents.get(function)
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    return False
                if not isinstance(function.body[-1], (ast.Return, ast.Raise)):
                    return True
                return any(isinstance(inner, ast.Return) and inner.value is None for inner in ast.walk(function))

            def callee(self, node):
                """The dotted name a call or subscript goes through, such as `self.headers.get`."""
                parts = []
                while isinstance(node, ast.Attribute):
                    parts.append(node.attr)
                    node = node.value
                if isinstance(node, ast.Name):
                    parts.append(node.id)
                return ".".join(reversed(parts))

            def string(self, node):
                """Status codes and header names written as strings: where a changed status or header is simple to make."""
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    return
                parent = self.parents.get(node)
                if isinstance(parent, ast.JoinedStr) or isinstance(parent, ast.FormattedValue):
                    return
                value = node.value
                replacement = None
                status = STATUS_STRING.match(value)
                if status and status.group(1) in STATUS_SWAPS:
                    replacement = STATUS_SWAPS[status.group(1)] + value[3:]
                elif isinstance(parent, ast.Call) and node in parent.args and "header" in self.callee(parent.func).lower():
                    if parent.args.index(node) == 0:
                        replacement = "X-Mutated-" + value
                    elif value in MIME_SWAPS:
                        replacement = MIME_SWAPS[value]
                elif isinstance(parent, ast.Subscript) and parent.slice is node and "header" in self.callee(parent.value).lower():
                    replacement = "X-Mutated-" + value
                elif isinstance(parent, ast.Dict) and node in parent.keys and (HEADER_NAME.match(value) or value in ONE_WORD_HEADERS):
                    replacement = "X-Mutated-" + value
                if replacement is None:
                    return
                start, end = self.span(node)
                self.add("string", node, [(start, end, repr(replacement))],
                         lambda: self.replace_in_parent(node, ast.Constant(value=replacement)))

            def branch(self, node):
                # Forcing the `__main__` guard only stops the program, or changes nothing.
                if not isinstance(node, ast.If) or self.is_main_guard(node.test):
                    return
                start, end = self.span(node.test)
                for forced in (True, False):
                    self.add("branch", node, [(start, end, str(forced))],
                             lambda forced=forced: self.swap_attribute(node, "test", ast.Constant(value=forced)),
                             shown_node=node.test)

            def arguments(self, node):
                if not isinstance(node, ast.Call) or self.callee(node.func).split(".")[-1] in SYMMETRIC_CALLS:
                    return
                for first, second in zip(node.args, node.args[1:]):
                    if isinstance(first, ast.Starred) or isinstance(second, ast.Starred):
                        continue
                    a, b = self.segment(first), self.segment(second)
                    if a == b:
                        continue
                    (a_start, a_end), (b_start, b_end) = self.span(first), self.span(second)

                    def change(first=first, second=second):
                        i, j = node.args.index(first), node.args.index(second)
                        node.args[i], node.args[j] = second, first
                        return lambda: (node.args.__setitem__(i, first), node.args.__setitem__(j, second))
                    self.add("arguments", node, [(a_start, a_end, b), (b_start, b_end, a)], change)

            def statement(self, node):
                if not isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign)):
                    return
                if isinstance(node, ast.AnnAssign) and node.value is None:
                    return
                if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                    return
                start, end = self.span(node)
                self.add("statement", node, [(start, end, "pass")], lambda: self.replace_in_parent(node, ast.Pass()))

            def returns(self, node):
                if not isinstance(node, ast.Return) or node.value is None:
                    return
                if isinstance(node.value, ast.Constant) and node.value.value is None:
                    return
                if isinstance(node.value, ast.Call) and self.returns_none_anyway(node):
                    return
                start, end = self.span(node.value)
                self.add("return", node, [(start, end, "None")],
                         lambda: self.swap_attribute(node, "value", ast.Constant(value=None)), shown_node=node)


        # MARK: SQL

        SQL_TOKEN = re.compile(r"""
            (?P<space>\s+)
          | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
          | (?P<string>'(?:[^']|'')*(?:'|\Z))
          | (?P<quoted>"(?:[^"]|"")*(?:"|\Z)|`[^`]*(?:`|\Z)|\[[^\]]*(?:\]|\Z))
          | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
          | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
          | (?P<op><=|>=|<>|!=|==|\|\||[-+*/%<>=(),.;])
          | (?P<other>.)
        """, re.S | re.X)

        WHERE_ENDS = {"GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "RETURNING"}
        ORDER_ENDS = {"LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "ROWS", "RANGE", "GROUPS", "RETURNING"}
        JOIN_KINDS = {"LEFT", "RIGHT", "FULL", "INNER", "CROSS", "OUTER", "NATURAL"}


        class Token:
            def __init__(self, kind, text, start, end, line):
                self.kind = kind
                self.text = text
                self.upper = text.upper()
                self.start = start
                self.end = end
                self.line = line


        class SQLMutator:
            def __init__(self, file, text):
                self.file = file
                self.text = text
                self.tokens = []
                line = 1
                for match in SQL_TOKEN.finditer(text):
                    kind = match.lastgroup
                    if kind not in ("space", "comment"):
                        self.tokens.append(Token(kind, match.group(0), match.start(), match.end(), line))
                    line += match.group(0).count("\n")
                self.candidates = []

            def word(self, index, *words):
                return 0 <= index < len(self.tokens) and self.tokens[index].kind == "word" and self.tokens[index].upper in words

            def is_op(self, index, *ops):
                return 0 <= index < len(self.tokens) and self.tokens[index].kind == "op" and self.tokens[index].text in ops

            def add(self, operator, token, edits, start=None, end=None):
                """Records a mutant; its change is the clause from `start` to `end`, by default the changed lines."""
                source = apply_edits(self.text, edits)
                if start is None:
                    start, end = line_span(self.text, min(e[0] for e in edits), max(e[1] for e in edits))
                change, original, mutated = describe(self.text, source, edits, start, end)
                self.candidates.append(Candidate(
                    self.file, token.line, token.start - self.text.rfind("\n", 0, token.start) - 1, operator, change,
                    original, mutated, source))

            def mutate(self):
                self.statements()
                for index, token in enumerate(self.tokens):
                    if token.kind == "op" and token.text in ("<", "<=", ">", ">="):
                        swapped = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}[token.text]
                        self.add("comparison", token, [(token.start, token.end, swapped)])
                    if token.kind == "number" and token.text.isdigit():
                        value = int(token.text)
                        for changed in (value + 1, value - 1):
                            if changed >= 0:
                                self.add("constant", token, [(token.start, token.end, str(changed))])
                    if self.word(index, "JOIN"):
                        self.join(index)
                    if self.word(index, "WHERE"):
                        self.where(index)
                    if self.word(index, "COUNT") and self.is_op(index + 1, "("):
                        self.count(index)
                    if self.word(index, "ORDER") and self.word(index + 1, "BY"):
                        self.order(index + 2)
                    if self.word(index, "ASC", "DESC"):
                        self.add("order", token, [(token.start, token.end, "DESC" if token.upper == "ASC" else "ASC")])
                    if self.word(index, "DISTINCT"):
                        following = self.tokens[index + 1].start if index + 1 < len(self.tokens) else token.end
                        self.add("distinct", token, [(token.start, following, "")])
                return self.candidates

            def statements(self):
                """Each statement removed, where the file has more than one (a lone query removed only fails to run)."""
                bounds = []
                start = 0
                for index, token in enumerate(self.tokens + [None]):
                    if token is None or (token.kind == "op" and token.text == ";"):
                        if index > start:
                            bounds.append((start, min(index, len(self.tokens) - 1)))
                        start = index + 1
                if len(bounds) < 2:
                    return
                for first, last in bounds:
                    self.add("statement", self.tokens[first], [(self.tokens[first].start, self.tokens[last].end, "")])

            def join(self, index):
                token = self.tokens[index]
                before = index - 1
                if self.word(before, "OUTER"):
                    before -= 1
                if self.word(before, "LEFT"):
                    self.add("join", token, [(self.tokens[before].start, token.start, "")])
                elif self.word(before, "INNER"):
                    self.add("join", token, [(self.tokens[before].start, self.tokens[before].end, "LEFT")])
                elif not self.word(index - 1, *JOIN_KINDS):
                    self.add("join", token, [(token.start, token.start, "LEFT ")])

            def clause_end(self, index, ends):
                """The index just past a clause starting at `index`: where depth falls below 0, `;`, or an end keyword."""
                depth = 0
                while index < len(self.tokens):
                    if self.is_op(index, "("):
                        depth += 1
                    elif self.is_op(index, ")"):
                        depth -= 1
                        if depth < 0:
                            return index
                    elif depth == 0 and (self.is_op(index, ";") or self.word(index, *ends)):
                        return index
                    index += 1
                return index

            def where(self, index):
                start = index + 1
                end = self.clause_end(start, WHERE_ENDS)
                if end <= start:
                    return
                terms = []
                term_start = start
                depth = 0
                between = 0
                case = 0
                for position in range(start, end):
                    if self.is_op(position, "("):
                        depth += 1
                    elif self.is_op(position, ")"):
                        depth -= 1
                    elif depth == 0 and self.word(position, "CASE"):
                        case += 1
                    elif depth == 0 and self.word(position, "END") and case:
                        case -= 1
                    elif depth == 0 and case == 0 and self.word(position, "BETWEEN"):
                        between += 1
                    elif depth == 0 and case == 0 and self.word(position, "AND"):
                        if between:
                            between -= 1
                        else:
                            terms.append((term_start, position))
                            term_start = position + 1
                terms.append((term_start, end))
                where = self.tokens[index]
                clause_end = self.tokens[end - 1].end
                if len(terms) == 1:
                    self.add("where", where, [(where.start, clause_end, "")], where.start, clause_end)
                    return
                for number, (first, last) in enumerate(terms):
                    if number == 0:
                        span = (self.tokens[first].start, self.tokens[terms[1][0]].start)
                    else:
                        span = (self.tokens[terms[number - 1][1] - 1].end, self.tokens[last - 1].end)
                    self.add("where", self.tokens[first], [(span[0], span[1], "")], where.start, clause_end)

            def statement_bounds(self, index):
                start = index
                while start > 0 and not self.is_op(start - 1, ";"):
                    start -= 1
                end = index
                while end < len(self.tokens) and not self.is_op(end, ";"):
                    end += 1
                return start, end

            def count(self, index):
                token = self.tokens[index]
                close = self.clause_end(index + 2, set())
                if close >= len(self.tokens) or close == index + 2:
                    return
                inner_start, inner_end = self.tokens[index + 2].start, self.tokens[close - 1].end
                if close == index + 3 and self.is_op(index + 2, "*"):
                    column = self.joined_column(index)
                    if column:
                        self.add("count", token, [(inner_start, inner_end, column)])
                elif not self.word(index + 2, "DISTINCT", "ALL"):
                    self.add("count", token, [(inner_start, inner_end, "*")])

            def joined_column(self, index):
                """A column of a joined table, named in its ON condition: what `COUNT(*)` most plausibly should count."""
                start, end = self.statement_bounds(index)
                position = start
                while position < end:
                    if self.word(position, "JOIN"):
                        alias_at = position + 1
                        if self.is_op(alias_at + 1, "."):
                            alias_at += 2
                        alias = self.tokens[alias_at].text if alias_at < end else None
                        after = alias_at + 1
                        if self.word(after, "AS"):
                            after += 1
                        if after < end and self.tokens[after].kind == "word" and not self.word(after, "ON", "USING"):
                            alias = self.tokens[after].text
                            after += 1
                        if self.word(after, "ON"):
                            probe = after + 1
                            while probe + 2 < end and not self.word(probe, "JOIN", "WHERE", "GROUP", "ORDER"):
                                if self.tokens[probe].text == alias and self.is_op(probe + 1, ".") and self.tokens[probe + 2].kind == "word":
                                    return alias + "." + self.tokens[probe + 2].text
                                probe += 1
                    position += 1
                return None

            def order(self, start):
                end = self.clause_end(start, ORDER_ENDS)
                term_start = start
                depth = 0
                for position in range(start, end + 1):
                    if position < end and self.is_op(position, "("):
                        depth += 1
                    elif position < end and self.is_op(position, ")"):
                        depth -= 1
                    elif position == end or (depth == 0 and self.is_op(position, ",")):
                        if position > term_start:
                            words = {self.tokens[p].upper for p in range(term_start, position) if self.tokens[p].kind == "word"}
                            if not words & {"ASC", "DESC", "NULLS"}:
                                last = self.tokens[position - 1]
                                self.add("order", self.tokens[term_start], [(last.end, last.end, " DESC")])
                        term_start = position + 1


        # MARK: Sampling and output


        def assign_ids(candidates):
            """A mutant's id: file, operator and a hash of what changes and its occurrence, stable when other code moves."""
            seen = {}
            for candidate in candidates:
                key = (candidate.file, candidate.operator, *candidate.change)
                occurrence = seen.get(key, 0)
                seen[key] = occurrence + 1
                digest = hashlib.sha256("\0".join([*key, str(occurrence)]).encode("utf-8")).hexdigest()[:8]
                candidate.id = f"{candidate.file}:{candidate.operator}:{digest}"


        def sample(candidates, limit, seed):
            """At most `limit` candidates: operators take turns, each giving its next mutant in seeded-hash order,
            preferring lines no chosen mutant is on yet. The result keeps the candidates' order."""
            if len(candidates) <= limit:
                return list(candidates)
            queues = {operator: [] for operator in OPERATORS}
            for candidate in candidates:
                queues[candidate.operator].append(candidate)
            for queue in queues.values():
                queue.sort(key=lambda c: hashlib.sha256(f"{seed}\0{c.id}".encode("utf-8")).hexdigest())
            chosen = []
            lines = set()
            while len(chosen) < limit:
                for operator in OPERATORS:
                    queue = queues[operator]
                    if not queue or len(chosen) == limit:
                        continue
                    pick = next((c for c in queue if (c.file, c.line) not in lines), queue[0])
                    queue.remove(pick)
                    chosen.append(pick)
                    lines.add((pick.file, pick.line))
            picked = {c.id for c in chosen}
            return [c for c in candidates if c.id in picked]


        def main(arguments):
            if len(arguments) < 4:
                sys.stderr.write("usage: mutate.py MAX SEED ROOT FILE...\n")
                return 2
            limit, seed, root, files = int(arguments[0]), arguments[1], arguments[2], arguments[3:]
            candidates = []
            notes = []
            for file in files:
                try:
                    with open(os.path.join(root, file), encoding="utf-8") as handle:
                        text = handle.read()
                except UnicodeDecodeError:
                    notes.append(f"{file}: not mutated: it is not UTF-8 text")
                    continue
                if file.endswith(".py"):
                    try:
                        mutator = PythonMutator(file, text)
                    except SyntaxError as error:
                        notes.append(f"{file}: not mutated: Python cannot parse it (line {error.lineno}: {error.msg})")
                        continue
                    except RecursionError:
                        notes.append(f"{file}: not mutated: nested too deeply for Python's parser")
                        continue
                    found = mutator.mutate()
                    if mutator.unverified:
                        notes.append(f"{file}: {mutator.unverified} mutant(s) left out: their text did not parse back to the intended change")
                elif file.endswith(".sql"):
                    found = SQLMutator(file, text).mutate()
                else:
                    notes.append(f"{file}: not mutated: only Python (.py) and SQL (.sql) files have mutation operators")
                    continue
                order = {operator: index for index, operator in enumerate(OPERATORS)}
                found.sort(key=lambda c: (c.line, c.column, order[c.operator]))
                candidates.extend(found)
            assign_ids(candidates)
            chosen = sample(candidates, limit, seed)
            document = {
                "candidates": [{"id": c.id, "file": c.file, "line": c.line, "operator": c.operator} for c in candidates],
                "mutants": [
                    {"id": c.id, "file": c.file, "line": c.line, "operator": c.operator, "original": c.original,
                     "mutated": c.mutated, "source": c.source}
                    for c in chosen
                ],
                "notes": notes,
            }
            json.dump(document, sys.stdout)
            return 0


        if __name__ == "__main__":
            sys.exit(main(sys.argv[1:]))
        """#
}
