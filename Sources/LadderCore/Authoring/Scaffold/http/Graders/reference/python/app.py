"""Reference solution of @id@: graded over the starter, whose server.py does the HTTP."""


def handle(path, query):
    if path == "/health":
        return 200, {"status": "ok"}
    if path == "/greet":
        name = query.get("name", [""])[0].strip()
        if not name:
            return 400, {"error": "name is required"}
        return 200, {"greeting": f"Hello, {name}!"}
    return 404, {"error": "not found"}
