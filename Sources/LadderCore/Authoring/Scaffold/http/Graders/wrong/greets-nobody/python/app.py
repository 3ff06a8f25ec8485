# Wrong: never checks the name, so GET /greet answers 200 "Hello, !" (greet/missing-name catches it).


def handle(path, query):
    if path == "/health":
        return 200, {"status": "ok"}
    if path == "/greet":
        return 200, {"greeting": f"Hello, {query.get('name', [''])[0]}!"}
    return 404, {"error": "not found"}
