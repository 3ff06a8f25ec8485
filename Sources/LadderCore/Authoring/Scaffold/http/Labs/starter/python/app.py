"""@id@: what the service answers (see README.md); server.py does the HTTP."""


def handle(path, query):
    """The status and the JSON body that answer GET `path`; `query` maps each parameter to the list of its values."""
    # TODO (stage 1): GET /health answers 200 with {"status": "ok"}.
    # TODO (stage 2): GET /greet?name=NAME answers 200 with {"greeting": "Hello, NAME!"};
    #                 without a name, 400 with {"error": "name is required"}.
    return 404, {"error": "not found", "path": path, "query": query}
