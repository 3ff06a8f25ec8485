"""Writes the hidden diffs (cases/) and the visible ones (Labs/review-bot/tests/) of review-bot.

Two kinds of diff. Hand-written ones (HAND below) hold the traps of one rule each, with the findings expected,
written by hand. Generated ones are built from code blocks whose defects are known: an old and a new version of
each file are assembled from blocks (some kept, some removed, some inserted), diffed with difflib, and the
expected findings are the defects of the *inserted* blocks at their new line numbers. Both references must
report exactly what is expected on every diff, so the generator checks the references and not the other way
round. Deterministic: fixed seeds. Run from anywhere: python3 Graders/review-bot/make-cases.py
"""
import difflib
import os
import random
import string
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "review-bot", "tests")
HIDDEN = os.path.join(HERE, "cases")
PYTHON = [sys.executable, os.path.join(HERE, "reference", "python", "review.py")]
NODE = ["node", os.path.join(HERE, "reference", "node", "review.js")]
CATEGORIES = ["hardcoded-secret", "missing-await", "off-by-one", "resource-leak", "sql-injection"]


class Blocks:
    """Code blocks: each a list of (line, [categories the line has when it is added])."""

    def __init__(self, rng):
        self.rng = rng
        self.n = 0

    def fresh(self, stem):
        self.n += 1
        return f"{stem}_{self.n}"

    def secret_value(self):
        return "".join(self.rng.choice(string.ascii_letters + string.digits) for _ in range(self.rng.randrange(12, 28)))

    def py(self, category, bad):
        r, v = self.rng, self.fresh
        if category == "sql-injection":
            table, var = r.choice(["users", "orders", "invoices", "sessions"]), v("value")
            fn = v("find")
            if bad:
                line = r.choice([
                    f"    cur.execute(f\"SELECT * FROM {table} WHERE email = '{{{var}}}'\")",
                    f"    query = \"SELECT id, total FROM {table} WHERE customer_id = \" + str({var})",
                    f"    cur.execute(\"DELETE FROM {table} WHERE token = '%s'\" % {var})",
                    f"    sql = \"UPDATE {table} SET balance = {{}} WHERE id = {{}}\".format({var}, 7)",
                    f"    db.execute(\"INSERT INTO {table} (actor) VALUES ('\" + {var} + \"')\")",
                ])
            else:
                line = r.choice([
                    f"    cur.execute(\"SELECT * FROM {table} WHERE email = ?\", ({var},))",
                    f"    cur.execute(\"SELECT * FROM {table} WHERE email = %s\", ({var},))",
                    f"    query = \"SELECT id, total \" + \"FROM {table} WHERE status = 'open'\"",
                    f"    log.info(f\"selected {{{var}}} rows\")",
                    f"    # cur.execute(f\"SELECT * FROM {table} WHERE email = '{{{var}}}'\")",
                    f"    message = \"Please update your profile, \" + {var}.name",
                ])
            return [(f"def {fn}(cur, {var}):", []), (line, ["sql-injection"] if bad else []), ("    return cur.fetchall()", [])]
        if category == "hardcoded-secret":
            value = self.secret_value()
            if bad:
                line = r.choice([
                    f"{v('DB').upper()}_PASSWORD = \"{value}\"",
                    f"{v('APP').upper()}_SECRET_KEY = '{value}'",
                    f"{v('stripe')}_api_key = \"{value}\"",
                    f"client = Client(url, token=\"{value}\")",
                    f"settings = {{\"region\": \"eu-1\", \"api_key\": \"{value}\"}}",
                    f"AWS_ACCESS_KEY_ID = \"AKIA{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16))}\"",
                ])
            else:
                line = r.choice([
                    f"{v('DB').upper()}_PASSWORD = os.environ[\"DB_PASSWORD\"]",
                    f"{v('admin')}_password = \"\"",
                    f"{v('auth')}_token = \"abc\"",
                    f"{v('TOKEN').upper()}_URL = \"https://auth.example.com/oauth/token\"",
                    f"{v('password')}_hint = \"your first pet and a number\"",
                    f"headers = {{\"Authorization\": f\"Bearer {{{v('token')}}}\"}}",
                ])
            return [(line, ["hardcoded-secret"] if bad else [])]
        if category == "missing-await":
            fetch, handler, arg = v("fetch_rates"), v("handler"), v("session")
            call = f"    rates = {fetch}({arg})" if bad else r.choice([
                f"    rates = await {fetch}({arg})",
                f"    task = asyncio.create_task({fetch}({arg}))",
                f"    return await {fetch}({arg})",
            ])
            return [(f"async def {fetch}({arg}):", []), (f"    return await {arg}.get(\"/rates\")", []), ("", []),
                    (f"async def {handler}({arg}):", []), (call, ["missing-await"] if bad else []), ("    return rates" if "rates =" in call else "    pass", [])]
        if category == "off-by-one":
            items, i = v("items"), v("i")
            line = r.choice([f"    for {i} in range(len({items}) + 1):", f"    while {i} <= len({items}):"]) if bad else r.choice([
                f"    for {i} in range(len({items})):", f"    for {i} in range(1, len({items}) + 1):", f"    while {i} < len({items}):"])
            return [(f"def {v('walk')}({items}, {i}=0):", []), (line, ["off-by-one"] if bad else []), (f"        print({items}[{i}])", [])]
        if category == "resource-leak":
            fh, path = v("fh"), v("path")
            if bad:
                return [(f"def {v('load')}({path}):", []), (f"    {fh} = open({path})", ["resource-leak"]), (f"    return {fh}.read()", [])]
            return r.choice([
                [(f"def {v('load')}({path}):", []), (f"    with open({path}) as {fh}:", []), (f"        return {fh}.read()", [])],
                [(f"def {v('load')}({path}):", []), (f"    {fh} = open({path})", []), (f"    data = {fh}.read()", []), (f"    {fh}.close()", []), ("    return data", [])],
            ])
        raise ValueError(category)

    def js(self, category, bad):
        r, v = self.rng, self.fresh
        if category == "sql-injection":
            table, var, fn = r.choice(["users", "orders", "carts"]), v("id"), v("find")
            if bad:
                line = r.choice([
                    f"  return db.query(`SELECT * FROM {table} WHERE id = ${{{var}}}`);",
                    f"  return db.query(\"SELECT * FROM {table} WHERE email = '\" + {var} + \"'\");",
                    f"  const sql = 'DELETE FROM {table} WHERE token = ' + {var};",
                ])
            else:
                line = r.choice([
                    f"  return db.query(\"SELECT * FROM {table} WHERE id = $1\", [{var}]);",
                    f"  const sql = `SELECT * FROM {table} WHERE id = ?`;",
                    f"  console.log(`selected ${{{var}}} items`);",
                    f"  // db.query(`SELECT * FROM {table} WHERE id = ${{{var}}}`);",
                ])
            return [(f"function {fn}(db, {var}) {{", []), (line, ["sql-injection"] if bad else []), ("}", [])]
        if category == "hardcoded-secret":
            value = self.secret_value()
            if bad:
                line = r.choice([
                    f"const {v('DB').upper()}_PASSWORD = \"{value}\";",
                    f"const config = {{ apiKey: '{value}', region: \"eu-1\" }};",
                    f"this.{v('client')}Secret = \"{value}\";",
                ])
            else:
                line = r.choice([
                    f"const {v('DB').upper()}_PASSWORD = process.env.DB_PASSWORD;",
                    f"const {v('token')}Url = \"https://auth.example.com/oauth/token\";",
                    f"const {v('api')}Key = `${{prefix}}-${{suffix}}-key`;",
                ])
            return [(line, ["hardcoded-secret"] if bad else [])]
        if category == "missing-await":
            save, caller, arg = v("saveOrder"), v("checkout"), v("order")
            style = r.randrange(3)
            decl = [f"async function {save}({arg}) {{", f"  await db.insert(\"orders\", {arg});", "}"] if style == 0 else \
                [f"const {save} = async ({arg}) => {{", f"  await db.insert(\"orders\", {arg});", "};"] if style == 1 else \
                [f"async function {save}({arg}) {{", f"  return db.insert(\"orders\", {arg});", "}"]
            call = f"  {save}({arg});" if bad else r.choice([
                f"  await {save}({arg});", f"  return {save}({arg});", f"  {save}({arg}).catch(report);",
                f"  await Promise.all([{save}({arg}), {save}(copy)]);"])
            block = [(line, []) for line in decl] + [(f"async function {caller}({arg}) {{", []), (call, ["missing-await"] if bad else []), ("}", [])]
            return block
        if category == "off-by-one":
            rows, i = v("rows"), v("i")
            line = f"  for (let {i} = 0; {i} <= {rows}.length; {i}++) {{" if bad else r.choice([
                f"  for (let {i} = 0; {i} < {rows}.length; {i}++) {{",
                f"  for (let {i} = 1; {i} <= count; {i}++) {{",
                f"  for (let {i} = 0; {i} <= {rows}.length - 1; {i}++) {{"])
            return [(f"function {v('total')}({rows}, count) {{", []), (line, ["off-by-one"] if bad else []), (f"    sum += {rows}[{i}];", []), ("  }", []), ("}", [])]
        if category == "resource-leak":
            fd, file = v("fd"), v("file")
            body = [(f"function {v('head')}({file}) {{", []), (f"  const {fd} = fs.openSync({file}, \"r\");", ["resource-leak"] if bad else []),
                    (f"  const n = fs.readSync({fd}, buffer, 0, 64, 0);", [])]
            if not bad:
                body.append((f"  fs.closeSync({fd});", []))
            return body + [("  return n;", []), ("}", [])]
        raise ValueError(category)

    def neutral(self, language):
        name = self.fresh("helper")
        if language == "py":
            return [(f"def {name}(value):", []), (f"    return value * {self.rng.randrange(2, 99)}", [])]
        return [(f"function {name}(value) {{", []), (f"  return value * {self.rng.randrange(2, 99)};", []), ("}", [])]


def make_file(blocks, language, categories, rng, size):
    """Old and new contents of one file and the expected findings (new line number, category)."""
    kinds = categories or CATEGORIES
    make = blocks.py if language == "py" else blocks.js
    old, new, expected = [], [], []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.35:
            block = blocks.neutral(language)
            old.append(block)
            new.append(block)
        elif roll < 0.5:
            block = make(rng.choice(kinds), rng.random() < 0.6)
            old.append(block)
            new.append(block)  # kept: its lines are context, never findings
        elif roll < 0.62:
            old.append(make(rng.choice(kinds), True))  # removed: its defects leave with it
        else:
            block = make(rng.choice(kinds), rng.random() < 0.55)
            new.append(("inserted", block))
    old_lines = [line for block in old for line, _ in ([("", [])] + block)]
    new_lines = []
    for item in new:
        inserted = isinstance(item, tuple) and item[0] == "inserted"
        block = item[1] if inserted else item
        new_lines.append("")
        for line, tags in block:
            new_lines.append(line)
            if inserted:
                expected.extend((len(new_lines), tag) for tag in tags)
    return old_lines, new_lines, expected


def git_diff(path, old_lines, new_lines, old_path=None):
    old_path = old_path or path
    body = list(difflib.unified_diff(old_lines, new_lines, f"a/{old_path}", f"b/{path}", n=3, lineterm=""))
    if not body:
        return []
    head = [f"diff --git a/{old_path} b/{path}", f"index {zlib.crc32(old_path.encode()) % 16**7:07x}..{zlib.crc32(path[::-1].encode()) % 16**7:07x} 100644"]
    return head + body


def generated(seed, files, size, categories=None):
    rng = random.Random(seed)
    blocks = Blocks(rng)
    text, expected = [], []
    for index in range(files):
        language = rng.choice(["py", "js"])
        path = f"{rng.choice(['app', 'src', 'services', 'lib'])}/{blocks.fresh('module')}.{language}"
        old_lines, new_lines, found = make_file(blocks, language, categories, rng, size)
        diff = git_diff(path, old_lines, new_lines)
        added = sum(1 for line in diff[4:] if line.startswith("+") and not line.startswith("+++ "))
        inserted = sum(1 for i, line in enumerate(new_lines) if line != "" and line not in old_lines)
        assert added >= inserted, (path, added, inserted)
        text.extend(diff)
        expected.extend(f"{path}:{number} {category}" for number, category in found)
    order = {}
    for line in text:
        if line.startswith("+++ b/"):
            order[line[6:]] = len(order)

    def key(finding):
        path, rest = finding.split(":", 1)
        number, category = rest.split(" ")
        return order[path], int(number), category

    return "\n".join(text) + "\n", sorted(expected, key=key)


HAND = {}

HAND["positions"] = ('''diff --git a/config/settings.py b/config/settings.py
index 3b18e51..a9f0c2d 100644
--- a/config/settings.py
+++ b/config/settings.py
@@ -10,6 +10,7 @@ import os
 DEBUG = False
 ALLOWED_HOSTS = ["shop.example.com"]
 TIME_ZONE = "UTC"
+MAIL_PASSWORD = "k2LmQ9zv7TfX"
 LANGUAGE_CODE = "en"
 USE_I18N = True
 STATIC_URL = "/static/"
@@ -40,7 +41,9 @@ DATABASES = {
     "default": {
         "ENGINE": "django.db.backends.postgresql",
         "NAME": "shop",
+        "USER": "shop",
+        "PASSWORD": "Pr0duct10nPassw0rd",
         "HOST": "db.internal",
     }
 }
 CACHES = {}
@@ -120,3 +123,4 @@ LOGGING = {
     "version": 1,
     "handlers": {},
 }
+SECRET_KEY = "django-insecure-7f3k2m9x8q1w4e6r"
''', ["config/settings.py:13 hardcoded-secret", "config/settings.py:45 hardcoded-secret", "config/settings.py:126 hardcoded-secret"])

HAND["only-added"] = ('''diff --git a/app/clients.py b/app/clients.py
index 5d1c2aa..7e0b4f1 100644
--- a/app/clients.py
+++ b/app/clients.py
@@ -1,13 +1,12 @@
 import os
 
-STRIPE_API_KEY = "sk_live_51HqLyjWDarjtT1zdp7dc"
-GITHUB_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
+STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
+GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
 SENTRY_TOKEN = "a3f9c1e7b2d84f60a9e3c5d1"
 
 
 def stripe_client():
-    return Stripe(api_key="sk_live_51HqLyjWDarjtT1zdp7dc")
+    return Stripe(api_key=STRIPE_API_KEY)
 
-
 def github_client():
     return GitHub(GITHUB_TOKEN)
@@ -30,2 +29,4 @@ def sentry_client():
 def slack_client():
     return Slack(token=os.environ["SLACK_TOKEN"])
+
+WEBHOOK_SECRET = "whsec_9f8e7d6c5b4a39281706"
''', ["app/clients.py:32 hardcoded-secret"])

HAND["files"] = ('''diff --git a/README.md b/README.md
index 1a2b3c4..5d6e7f8 100644
--- a/README.md
+++ b/README.md
@@ -5 +5,3 @@ Run it locally:
     make run
+
+Then log in with `password = "admin12345678"`.
diff --git a/old/legacy_auth.py b/old/legacy_auth.py
deleted file mode 100644
index 9a8b7c6..0000000
--- a/old/legacy_auth.py
+++ /dev/null
@@ -1,3 +0,0 @@
-ADMIN_PASSWORD = "letmein-2019-admin"
-def check(p):
-    return p == ADMIN_PASSWORD
diff --git a/src/jobs/report.js b/src/jobs/report.js
new file mode 100644
index 0000000..4c3d2e1
--- /dev/null
+++ b/src/jobs/report.js
@@ -0,0 +1,6 @@
+"use strict";
+const REPORT_TOKEN = "rpt_5d41402abc4b2a76b9719d91";
+let count = 0;
+++count;
+--count;
+module.exports = { count };
\\ No newline at end of file
diff --git a/lib/mailer.py b/services/mail/mailer.py
similarity index 92%
rename from lib/mailer.py
rename to services/mail/mailer.py
index 2f3e4d5..6a7b8c9 100644
--- a/lib/mailer.py
+++ b/services/mail/mailer.py
@@ -4 +4 @@ import smtplib
-SMTP_PASSWORD = os.environ["SMTP_PASSWORD"]
+SMTP_PASSWORD = "mailpass-0f1e2d3c"
@@ -9,0 +10 @@ def send(to, body):
+    smtp_token = "tok_8c7b6a5f4e3d2c1b"
diff --git a/src/db/seed.js b/src/db/seed.js
index 7a6b5c4..8d9e0f1 100644
--- a/src/db/seed.js
+++ b/src/db/seed.js
@@ -1,4 +1,5 @@
 const users = [
--- removed a comment that looked like a header
+++ b/src/fake.js
+  { name: "root", password: "r00t-passw0rd-2024" },
   { name: "ada", apiKey: "ak_3e4r5t6y7u8i9o0p" },
 ];
''', ["src/jobs/report.js:2 hardcoded-secret", "services/mail/mailer.py:4 hardcoded-secret",
      "services/mail/mailer.py:10 hardcoded-secret", "src/db/seed.js:3 hardcoded-secret"])

HAND["sql-forms"] = ('''diff --git a/app/repository.py b/app/repository.py
index 1234567..89abcde 100644
--- a/app/repository.py
+++ b/app/repository.py
@@ -1,3 +1,19 @@
 import sqlite3
 
 
+def by_email(cur, email):
+    cur.execute(f"SELECT * FROM users WHERE email = '{email}'")
+    cur.execute("SELECT * FROM users WHERE email = ?", (email,))
+    cur.execute("SELECT * FROM users WHERE email = %s", (email,))
+    cur.execute("SELECT * FROM users WHERE email = '%s'" % email)
+    cur.execute("SELECT * FROM users WHERE email = '{}'".format(email))
+    cur.execute("SELECT id, name " + "FROM users " + "WHERE active = 1")
+    cur.execute("SELECT id FROM users WHERE name = '" + name + "'")
+    cur.execute("SELECT id " + "FROM users WHERE name = '" + name + "'")
+    cur.execute("SELECT COUNT(*) FROM users")
+    cur.execute("UPDATE users SET " + column + " = ?", (value,))
+    # cur.execute(f"DELETE FROM users WHERE id = {user_id}")
+    log.info(f"selected {count} users")
+    notice = "Please update your email address, " + user.name
+    cur.execute(f"DELETE FROM users WHERE id = ?", (user_id,))
+    cur.execute(rf"INSERT INTO audit VALUES ('{who}')")
diff --git a/web/routes.js b/web/routes.js
index 1234567..89abcde 100644
--- a/web/routes.js
+++ b/web/routes.js
@@ -8,2 +8,10 @@ router.get("/health", ok);
 
 module.exports = router;
+router.get("/users/:id", (req, res) => db.query(`SELECT * FROM users WHERE id = ${req.params.id}`));
+router.get("/orders", (req, res) => db.query("SELECT * FROM orders WHERE status = '" + req.query.status + "'"));
+router.get("/carts", (req, res) => db.query("SELECT * FROM carts WHERE user_id = $1", [req.user.id]));
+router.get("/items", (req, res) => db.query(`SELECT * FROM items`));
+const drop = 'DELETE FROM sessions WHERE token = ' + token;
+const label = `selected ${n} users`;
+const query = "SELECT * FROM t " + 'WHERE kind = "a"';
+db.query("INSERT INTO log (line) VALUES ('" + line + "')"); // TODO parameterize
diff --git a/app/reports.py b/app/reports.py
new file mode 100644
index 0000000..1a2b3c4
--- /dev/null
+++ b/app/reports.py
@@ -0,0 +1,4 @@
+def monthly(cur, month):
+    cur.execute(f"select sum(total) from orders where month = '{month}'")
+    cur.execute("delete from drafts where month = " + month)
+    return cur.fetchall()
''', ["app/repository.py:5 sql-injection", "app/repository.py:8 sql-injection", "app/repository.py:9 sql-injection",
      "app/repository.py:11 sql-injection", "app/repository.py:12 sql-injection",
      "app/repository.py:14 sql-injection", "app/repository.py:19 sql-injection",
      "web/routes.js:10 sql-injection", "web/routes.js:11 sql-injection", "web/routes.js:14 sql-injection",
      "web/routes.js:17 sql-injection", "app/reports.py:2 sql-injection", "app/reports.py:3 sql-injection"])

HAND["secret-forms"] = ('''diff --git a/app/integrations.py b/app/integrations.py
index 1234567..89abcde 100644
--- a/app/integrations.py
+++ b/app/integrations.py
@@ -2,2 +2,20 @@ import os
 
 
+DB_PASSWORD = os.environ["DB_PASSWORD"]
+REDIS_PASSWD = "r3d1s-s3cr3t-pw"
+admin_pwd = 'Adm1n!2024#Secure'
+TOKEN_URL = "https://auth.example.com/oauth/token"
+password_hint = "your first pet and a number"
+api_token = "short"
+empty_password = ""
+client = Client(url, api_key="key_live_9a8b7c6d5e4f")
+settings = {"region": "eu-1", "client-secret": "cs_77f0e1d2c3b4a596"}
+headers = {"Authorization": f"Bearer {token}"}
+session_secret = f"{prefix}-{suffix}-{counter}"
+AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
+signing_key = "-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA7bq"
+password_length = 16
+secret_santa_list = ["ada", "grace", "linus"]
+# OLD_PASSWORD = "previous-password-2023"
+API_TOKEN = "ab\\"c" + "defghijklm"
+ADMIN_TOKEN = "q\\"9xT#kLm2pW"
diff --git a/src/config.js b/src/config.js
index 1234567..89abcde 100644
--- a/src/config.js
+++ b/src/config.js
@@ -1,2 +1,10 @@
 "use strict";
 
+const DB_PASSWORD = process.env.DB_PASSWORD;
+const jwtSecret = "9c4d1f0a8b7e6c5d4e3f";
+const config = { apiKey: 'AIzaSyA1b2C3d4E5f6G7h8I9', timeoutMs: 3000 };
+this.clientSecret = "f1e2d3c4b5a69788";
+const tokenUrl = "https://auth.example.com/oauth/token";
+const accessKey = `${region}-${account}-key`;
+const secretLabel = "shown in the settings page";
+const password = process.env.DB_PASSWORD || "";
''', ["app/integrations.py:5 hardcoded-secret", "app/integrations.py:6 hardcoded-secret",
      "app/integrations.py:11 hardcoded-secret", "app/integrations.py:12 hardcoded-secret",
      "app/integrations.py:15 hardcoded-secret", "app/integrations.py:16 hardcoded-secret",
      "app/integrations.py:21 hardcoded-secret",
      "src/config.js:4 hardcoded-secret", "src/config.js:5 hardcoded-secret", "src/config.js:6 hardcoded-secret"])

HAND["await-context"] = ('''diff --git a/src/orders.js b/src/orders.js
index 1234567..89abcde 100644
--- a/src/orders.js
+++ b/src/orders.js
@@ -10,13 +10,19 @@ const db = require("./db");
 async function reserveStock(items) {
   await inventory.reserve(items);
 }
 
 class OrderService {
   async notify(order) {
     await mailer.send(order.email);
   }
 
   place(order) {
+    reserveStock(order.items);
+    this.notify(order);
+    const receipt = buildReceipt(order);
+    const pending = reserveStock(order.items).then(log);
+    await this.notify(order);
+    return reserveStock(order.items);
     db.save(order);
   }
 }
@@ -40,3 +46,7 @@ function audit(entry) {
 }
 
 module.exports = OrderService;
+const chargeCard = async (card, amount) => gateway.charge(card, amount);
+async function pay(order) {
+  chargeCard(order.card, order.total);
+}
diff --git a/app/rates.py b/app/rates.py
index 1234567..89abcde 100644
--- a/app/rates.py
+++ b/app/rates.py
@@ -3,7 +3,12 @@ import asyncio
 async def fetch_rates(session):
     return await session.get("/rates")
 
 
 async def refresh(session):
-    rates = await fetch_rates(session)
+    rates = fetch_rates(session)
+    task = asyncio.create_task(fetch_rates(session))
+    again = await fetch_rates(session)
+    fetch_ratesheet = build_sheet()
+    print("fetch_rates(session) is awaited above")
+    yield fetch_rates(session)
     return rates
''', ["src/orders.js:20 missing-await", "src/orders.js:21 missing-await", "src/orders.js:51 missing-await",
      "app/rates.py:8 missing-await"])

HAND["off-by-one"] = ('''diff --git a/app/report.py b/app/report.py
index 1234567..89abcde 100644
--- a/app/report.py
+++ b/app/report.py
@@ -1,3 +1,15 @@
 def totals(rows):
     result = []
+    for i in range(len(rows) + 1):
+        result.append(rows[i].total)
+    for i in range(0, len(rows)+1):
+        result.append(rows[i].tax)
+    for i in range(len(rows)):
+        result.append(rows[i].net)
+    for rank in range(1, len(rows) + 1):
+        result.append(rank)
+    i = 0
+    while i <= len(rows):
+        i += 1
+    label = "range(len(rows) + 1)"
     return result
diff --git a/src/table.js b/src/table.js
index 1234567..89abcde 100644
--- a/src/table.js
+++ b/src/table.js
@@ -1,2 +1,8 @@
 function render(rows, count) {
+  for (let i = 0; i <= rows.length; i++) draw(rows[i]);
+  for (let i = 0; i < rows.length; i++) draw(rows[i]);
+  for (let i = 1; i <= count; i++) draw(i);
+  for (let i = 0; i <= rows.length - 1; i++) draw(rows[i]);
+  for (let j = 0; j<=this.cells.length; j++) draw(this.cells[j]);
+  while (i <= rows.length) i++;
 }
''', ["app/report.py:3 off-by-one", "app/report.py:5 off-by-one", "app/report.py:12 off-by-one",
      "src/table.js:2 off-by-one", "src/table.js:6 off-by-one"])

HAND["resource-leak"] = ('''diff --git a/app/files.py b/app/files.py
index 1234567..89abcde 100644
--- a/app/files.py
+++ b/app/files.py
@@ -1,6 +1,19 @@
 def read_config(path):
+    fh = open(path)
+    return fh.read()
+
+def read_rows(path):
+    with open(path) as fh:
+        return fh.readlines()
+
+def read_header(path):
+    src = open(path, "rb")
+    head = src.read(64)
     src.close()
     return head
 
 def read_all(path):
+    out = open(path, "w")
+    out.write("x")
+    output.close()
     return None
diff --git a/src/files.js b/src/files.js
index 1234567..89abcde 100644
--- a/src/files.js
+++ b/src/files.js
@@ -1,2 +1,10 @@
 const fs = require("fs");
+function head(file) {
+  const fd = fs.openSync(file, "r");
+  return fs.readSync(fd, buffer, 0, 64, 0);
+}
+function tail(file) {
+  const handle = fs.openSync(file, "r");
+  fs.closeSync(handle);
+}
 module.exports = { head };
''', ["app/files.py:2 resource-leak", "app/files.py:16 resource-leak", "src/files.js:3 resource-leak"])

HAND["clean"] = ('''diff --git a/app/service.py b/app/service.py
index 1234567..89abcde 100644
--- a/app/service.py
+++ b/app/service.py
@@ -1,8 +1,13 @@
 import os
 
-API_TOKEN = "tok_live_4f5e6d7c8b9a"
+API_TOKEN = os.environ["API_TOKEN"]
 
 
 def find_user(cur, email):
-    cur.execute(f"SELECT * FROM users WHERE email = '{email}'")
+    cur.execute("SELECT * FROM users WHERE email = ?", (email,))
     return cur.fetchone()
+
+def export(path, rows):
+    with open(path, "w") as fh:
+        for i in range(len(rows)):
+            fh.write(rows[i])
diff --git a/src/sync.js b/src/sync.js
index 1234567..89abcde 100644
--- a/src/sync.js
+++ b/src/sync.js
@@ -1,5 +1,5 @@
 async function push(batch) {
   await api.post("/batch", batch);
 }
-function run(batch) { push(batch); }
+async function run(batch) { await push(batch); }
 module.exports = { run };
''', [])


# SQL keywords count as whole words only: "Preselected ... from", "updated ... settings", "Undelete from" and
# "Reinsert into" are messages, not SQL.
HAND["sql-words"] = ('''diff --git a/app/notices.py b/app/notices.py
index 1234567..89abcde 100644
--- a/app/notices.py
+++ b/app/notices.py
@@ -1,2 +1,8 @@
 import logging
 
+def notices(log, shop, user, job, name, pid):
+    log.info(f"Preselected items from {shop} are in your cart")
+    log.info(f"{user} updated the settings of the store")
+    log.info("Undelete from trash: " + name)
+    log.info("Reinsert into queue: " + job)
+    return f"SELECT name FROM products WHERE id = {pid}"
diff --git a/web/notices.js b/web/notices.js
new file mode 100644
index 0000000..2b3c4d5
--- /dev/null
+++ b/web/notices.js
@@ -0,0 +1,2 @@
+const banner = `Selections from ${shop} are ready`;
+const purge = `delete from carts where id = ${id}`;
''', ["app/notices.py:8 sql-injection", "web/notices.js:2 sql-injection"])

# The endings accesskey and privatekey, the 8-character boundary, a comparison that is not an assignment, and a
# JavaScript // inside a string, which does not start a comment.
HAND["secret-edges"] = ('''diff --git a/app/cloud.py b/app/cloud.py
index 1234567..89abcde 100644
--- a/app/cloud.py
+++ b/app/cloud.py
@@ -1,2 +1,9 @@
 import os
 
+AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE"
+deploy_private_key = "not-a-pem-but-still-secret"
+db_password = "abcd1234"
+cache_token = "abc1234"
+if user.password == "changeme-please":
+    deny(user)
+SMTP_PWD="mail-pass-77x"
diff --git a/src/keys.js b/src/keys.js
index 1234567..89abcde 100644
--- a/src/keys.js
+++ b/src/keys.js
@@ -1,2 +1,6 @@
 "use strict";
 
+const endpoint = "https://api.example.com/v1"; const apiKey = "k3y-9f8e7d6c5b4a";
+const sshPrivateKey = 'AAAAB3NzaC1yc2EAAAADAQAB';
+const statusToken = 'ok';
+if (password === "hunter2hunter2") deny();
''', ["app/cloud.py:3 hardcoded-secret", "app/cloud.py:4 hardcoded-secret", "app/cloud.py:5 hardcoded-secret",
      "app/cloud.py:9 hardcoded-secret", "src/keys.js:3 hardcoded-secret", "src/keys.js:4 hardcoded-secret"])

# Async names are collected per file, from the whole of its part of the diff (a call may come before the
# declaration), and from added and context lines only (a removed `async` declaration no longer counts).
HAND["await-scope"] = ('''diff --git a/src/cart.js b/src/cart.js
index 1234567..89abcde 100644
--- a/src/cart.js
+++ b/src/cart.js
@@ -1,7 +1,13 @@
 function checkout(cart) {
+  persist(cart);
+  render(cart);
   return cart.total;
 }
 
-async function refresh(cart) {
+function refresh(cart) {
   return cart;
 }
+async function persist(cart) {
+  await db.put(cart);
+}
+refresh(cart);
diff --git a/app/render.py b/app/render.py
index 1234567..89abcde 100644
--- a/app/render.py
+++ b/app/render.py
@@ -1,2 +1,7 @@
 import asyncio
 
+def main(cart):
+    render(cart)
+    persist(cart)
+async def render(cart):
+    return await draw(cart)
''', ["src/cart.js:2 missing-await", "app/render.py:4 missing-await"])

# Only a LATER close counts (here `log` was closed before it is opened again), and a JavaScript open without
# const/let/var leaks like one with.
HAND["leak-edges"] = ('''diff --git a/app/export.py b/app/export.py
index 1234567..89abcde 100644
--- a/app/export.py
+++ b/app/export.py
@@ -1,4 +1,9 @@
 def export(path, rows):
     log = open("/tmp/export.log")
     log.close()
+    log = open(path + ".log")
+    out = open(path, "w")
+    out.write(rows)
+    out.close()
+    log.write("done")
     return len(rows)
diff --git a/src/export.js b/src/export.js
index 1234567..89abcde 100644
--- a/src/export.js
+++ b/src/export.js
@@ -1,3 +1,6 @@
 const fs = require("fs");
 let fd;
+fd = fs.openSync("out.txt", "w");
+var log = fs.openSync("log.txt", "a");
+fs.writeSync(fd, "x");
 fs.closeSync(log);
''', ["app/export.py:4 resource-leak", "src/export.js:3 resource-leak"])

# Lines with several findings: one output line each, categories in alphabetical order.
HAND["several-per-line"] = ('''diff --git a/app/jobs.py b/app/jobs.py
index 1234567..89abcde 100644
--- a/app/jobs.py
+++ b/app/jobs.py
@@ -1,3 +1,7 @@
 async def notify(user):
     await mailer.send(user)
 
+def nightly(cur, users, uid):
+    fh = open("nightly.log"); cur.execute("DELETE FROM users WHERE id = " + uid)
+    api_token = "tok-1234567890abcdef"; notify(users[0])
+    for i in range(len(users) + 1): notify(users[i]); db_password = "p4ssw0rd-nightly"
diff --git a/src/batch.js b/src/batch.js
index 1234567..89abcde 100644
--- a/src/batch.js
+++ b/src/batch.js
@@ -1,3 +1,4 @@
 const save = async (row) => db.insert(row);
 
+const dbToken = "abcdefgh12345"; for (let i = 0; i <= rows.length; i++) save(rows[i]);
 module.exports = { save };
''', ["app/jobs.py:5 resource-leak", "app/jobs.py:5 sql-injection",
      "app/jobs.py:6 hardcoded-secret", "app/jobs.py:6 missing-await",
      "app/jobs.py:7 hardcoded-secret", "app/jobs.py:7 missing-await", "app/jobs.py:7 off-by-one",
      "src/batch.js:3 hardcoded-secret", "src/batch.js:3 missing-await", "src/batch.js:3 off-by-one"])


def run(command, text):
    done = subprocess.run(command, input=text, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{command[-1]} failed: {done.stderr}")
    return [line for line in done.stdout.split("\n") if line]


def check_hunks(name, text):
    """Every hunk header's counts must match its body, as git writes them."""
    import re
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for index, line in enumerate(lines):
        match = re.match(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
        if not match:
            continue
        old = int(match.group(2)) if match.group(2) is not None else 1
        new = int(match.group(4)) if match.group(4) is not None else 1
        seen_old = seen_new = 0
        for body in lines[index + 1:]:
            if body.startswith("@@ ") or body.startswith("diff --git "):
                break
            if body.startswith("\\"):
                continue
            tag = body[:1]
            seen_old += tag in (" ", "-")
            seen_new += tag in (" ", "+")
        assert (seen_old, seen_new) == (old, new), f"{name}: hunk {line!r} has {seen_old} old and {seen_new} new lines"


def check(name, text, expected):
    check_hunks(name, text)
    for command in (PYTHON, NODE):
        got = run(command, text)
        if got != expected:
            missing = [f for f in expected if f not in got]
            extra = [f for f in got if f not in expected]
            raise SystemExit(f"{name}: {os.path.basename(command[-1])} disagrees: missing {missing}, extra {extra}")


def write(directory, name, text, expected):
    with open(os.path.join(directory, name + ".diff"), "w") as f:
        f.write(text)
    with open(os.path.join(directory, name + ".out"), "w") as f:
        f.write("".join(line + "\n" for line in expected))


def main():
    os.makedirs(HIDDEN, exist_ok=True)
    for name, (text, expected) in HAND.items():
        check(name, text, expected)
        write(HIDDEN, name, text, expected)
    cases = {
        "generated-secrets": generated(101, files=4, size=14, categories=["hardcoded-secret"]),
        "generated-security": generated(102, files=5, size=16, categories=["hardcoded-secret", "sql-injection"]),
        "generated-correctness": generated(103, files=6, size=16, categories=["missing-await", "off-by-one", "resource-leak"]),
        "generated-mixed": generated(104, files=6, size=20),
        "large": generated(105, files=60, size=120),
    }
    for name, (text, expected) in cases.items():
        counts = {c: sum(f.endswith(" " + c) for f in expected) for c in CATEGORIES}
        check(name, text, expected)
        write(HIDDEN, name, text, expected)
        print(f"{name}: {len(text.splitlines())} diff lines, findings {counts}")
    os.makedirs(VISIBLE, exist_ok=True)
    visible = {
        "01-secrets": generated(1, files=2, size=8, categories=["hardcoded-secret"]),
        "02-security": generated(7, files=2, size=10, categories=["hardcoded-secret", "sql-injection"]),
        "03-everything": generated(3, files=3, size=12),
    }
    for name, (text, expected) in visible.items():
        check(name, text, expected)
        write(VISIBLE, name, text, expected)
    print(f"wrote {len(HAND) + len(cases)} hidden and {len(visible)} visible diffs")


main()
