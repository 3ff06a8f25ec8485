"""Writes the hidden feeds (cases/) and the visible ones (Labs/integration-pipeline/tests/) of integration-pipeline.

Feeds are written here, deterministically (the large one from a fixed seed). The expected output of each comes
from the Python reference, and the Node reference (with its own XML parser) must produce the same document on
every feed, so the two languages are held to one contract. Stage tests compare only their own part of the
document (`json-subset` on one key), so the expected files hold that part.
Run from anywhere: python3 Graders/integration-pipeline/make-cases.py
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VISIBLE = os.path.join(HERE, "..", "..", "Labs", "integration-pipeline", "tests")
HIDDEN = os.path.join(HERE, "cases")
PYTHON = [sys.executable, os.path.join(HERE, "reference", "python", "pipeline.py")]
NODE = ["node", os.path.join(HERE, "reference", "node", "pipeline.js")]


def order(mid, number="A-1001", code="C-77", country="DE", placed="20251009 1432", currency="EUR",
          lines=(("SKU-1", "2", "19.99"),), prolog="", quote='"', extra=""):
    q = quote
    items = "".join(f"<line sku={q}{s}{q} qty={q}{n}{q} price={q}{p}{q}/>" for s, n, p in lines)
    return (f"{prolog}<message id={q}{mid}{q} type={q}ORDER{q}>{extra}<order><number>{number}</number>"
            f"<customer code={q}{code}{q} country={q}{country}{q}/><placed>{placed}</placed>"
            f"<currency>{currency}</currency><lines>{items}</lines></order></message>")


def cancel(mid, number="A-1001", at="20251009 1510", reason="customer request"):
    reason_xml = "" if reason is None else f"<reason>{reason}</reason>"
    return f'<message id="{mid}" type="CANCEL"><cancel><number>{number}</number>{reason_xml}<at>{at}</at></cancel></message>'


def address(mid, code="C-77", street="Hauptstr. 5", city="Berlin", postcode="10115", country="DE"):
    return (f'<message id="{mid}" type="ADDRESS"><address customer="{code}"><street>{street}</street>'
            f"<city>{city}</city><postcode>{postcode}</postcode><country>{country}</country></address></message>")


def orders_basic():
    return [
        order("M-0001"),
        order("M-0002", number="A-1002", code="C-12", country="FR", placed="20251009 0905", lines=(("BOOK-7", "1", "12.50"), ("PEN-2", "10", "1.20"), ("BAG-1", "1", "35.00"))),
        "   " + order("M-0003", number="A-1003", code="C-3", country="IT", currency="EUR", prolog='<?xml version="1.0" encoding="UTF-8"?>') + " \t",
        order("M-0004", number="B-77", code="CORP-9", country="NL", placed="20251010 1800", quote="'", lines=(("DESK-1", "3", "249.00"),)),
        order("M-0005", number="A-1005", code="C-5", country="SE", currency="SEK", extra="<!-- exported by batch 7 -->", lines=(("SKU-9", "12", "0.50"),)),
    ]


def money():
    return [
        order("M-0101", number="A-2001", lines=(("GUM", "1", "0.29"),)),
        order("M-0102", number="A-2002", lines=(("SKU-1", "3", "19.99"),)),
        order("M-0103", number="A-2003", lines=(("TEA", "7", "4.35"), ("CUP", "1", "1.15"))),
        order("M-0104", number="A-2004", lines=(("PIN", "33", "0.07"), ("MAP", "2", "100.10"))),
        order("M-0105", number="A-2005", lines=(("BULK", "1000", "9.95"),)),
        order("M-0106", number="A-2006", lines=(("FREE", "1", "0.00"), ("SKU-1", "1", "2.01"))),
    ]


def times():
    return [
        order("M-0201", number="A-3001", placed="20250101 0030"),
        order("M-0202", number="A-3002", placed="20240301 0015"),
        order("M-0203", number="A-3003", placed="20230301 0000"),
        order("M-0204", number="A-3004", placed="20251026 0259"),
        order("M-0205", number="A-3005", placed="20251231 2359"),
        cancel("M-0206", number="A-3001", at="20250601 0000"),
    ]


def review():
    return [
        order("M-0301", number="A-4001", lines=(("RING", "1", "10000.00"),)),
        order("M-0302", number="A-4002", lines=(("RING", "1", "9999.99"),)),
        order("M-0303", number="A-4003", lines=(("CHAIR", "4", "2500.00"),)),
        order("M-0304", number="A-4004", lines=(("CHAIR", "3", "2500.00"), ("LAMP", "1", "2499.99"))),
        order("M-0305", number="A-4005", lines=(("CHAIR", "3", "2500.00"), ("LAMP", "1", "2500.01"))),
    ]


def export():
    return [
        order("M-0401", number="A-5001", code="US-1", country="US", currency="USD"),
        order("M-0402", number="A-5002", code="C-8", country="GB", currency="GBP"),
        order("M-0403", number="A-5003", code="C-9", country="CH", currency="CHF", lines=(("WATCH", "1", "12000.00"),)),
        order("M-0404", number="A-5004", code="C-10", country="GR"),
        order("M-0405", number="A-5005", code="C-11", country="HR"),
        order("M-0406", number="A-5006", code="C-12", country="NO", currency="NOK"),
    ]


def cancels_addresses():
    return [
        cancel("M-0501"),
        cancel("M-0502", number="A-1002", reason=None),
        cancel("M-0503", number="B-77", reason="<![CDATA[duplicate <order> & wrong size]]>", at="20251011 0010"),
        cancel("M-0504", number="A-1005", reason="  price &gt; budget  "),
        address("M-0505"),
        address("M-0506", code="C-12", street="M&#252;ller &amp; S&#246;hne Stra&#223;e 12", city=" K\u00f6ln ", postcode="50667"),
        address("M-0507", code="CORP-9", street="Keizersgracht 1", city="Amsterdam", postcode="1015 CJ", country="NL"),
    ]


def malformed():
    return [
        order("M-0601")[:-20],
        order("M-0602").replace("</currency>", "</curency>"),
        cancel("M-0603", reason="Smith & Co changed their mind"),
        order("M-0604").replace('country="DE"', "country=DE"),
        "ORDER A-1001 C-77 2 x SKU-1",
        order("M-0606") + order("M-0607"),
        order("M-0608"),
        'text before <message id="M-0609" type="ORDER"/>',
        order("M-0610").replace('code="C-77" country', 'code="C-77"country'),
    ]


def missing():
    base = order("M-0700")
    return [
        base.replace("<number>A-1001</number>", "").replace("M-0700", "M-0701"),
        base.replace('<customer code="C-77" country="DE"/>', "").replace("M-0700", "M-0702"),
        base.replace('code="C-77" ', "").replace("M-0700", "M-0703"),
        base.replace(' country="DE"', "").replace("M-0700", "M-0704"),
        base.replace("<placed>20251009 1432</placed>", "").replace("M-0700", "M-0705"),
        base.replace("<currency>EUR</currency>", "<currency></currency>").replace("M-0700", "M-0706"),
        order("M-0707", lines=()),
        base.replace('sku="SKU-1" ', "").replace("M-0700", "M-0708"),
        base.replace('qty="2" ', "").replace("M-0700", "M-0709"),
        base.replace(' price="19.99"', "").replace("M-0700", "M-0710"),
        base.replace('id="M-0700" ', ""),
        base.replace(' type="ORDER"', "").replace("M-0700", "M-0712"),
        cancel("M-0713", at="20251009 1510").replace("<at>20251009 1510</at>", ""),
        address("M-0714").replace("<postcode>10115</postcode>", ""),
        base.replace("<number>A-1001</number>", "<number>   </number>").replace("M-0700", "M-0715"),
        '<message id="M-0716" type="ORDER"><note>no order inside</note></message>',
        address("M-0717").replace(' customer="C-77"', ""),
        base.replace('<number>A-1001</number><customer code="C-77" country="DE"/>', "").replace("M-0700", "M-0718"),
        "  \t" + base.replace("<currency>EUR</currency>", "").replace("M-0700", "M-0719") + "   ",
    ]


def invalid():
    return [
        order("M-0801", lines=(("SKU-1", "0", "19.99"),)),
        order("M-0802", lines=(("SKU-1", "2.5", "19.99"),)),
        order("M-0803", lines=(("SKU-1", "-1", "19.99"),)),
        order("M-0804", lines=(("SKU-1", "1", "19.9"),)),
        order("M-0805", lines=(("SKU-1", "1", "1,99"),)),
        order("M-0806", lines=(("SKU-1", "1", "-1.00"),)),
        order("M-0807", placed="20250230 1200"),
        order("M-0808", placed="20251301 1200"),
        order("M-0809", placed="2025-10-09 14:32"),
        order("M-0810", placed="20251009 2400"),
        order("M-0811", currency="eur"),
        order("M-0812", country="DEU"),
        order("M-0813", number="A 1001"),
        order("M-0814", code="c-77"),
        order("M-0815", lines=(("SKU-1", "1", "5.00"), ("SKU-2", "x", "5.00"))),
        order("M-0816", number="a-1001", placed="20250230 1200"),
        cancel("M-0817", at="20230229 1000"),
        address("M-0818", country="Germany"),
        order("M-0819", placed="20251009 1460"),
    ]


def unroutable():
    return [
        '<message id="M-0901" type="INVOICE"><invoice><number>I-1</number></invoice></message>',
        order("M-0902").replace('type="ORDER"', 'type="order"'),
        '<msg id="M-0903" type="ORDER"/>',
        order("M-0904").replace("<message", "<envelope").replace("</message>", "</envelope>"),
        order("M-0905"),
    ]


def doctype():
    return [
        '<!DOCTYPE message [<!ENTITY n "A-1001">]>' + order("M-1001", number="&n;"),
        '<!DOCTYPE message [<!ENTITY a "xx"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + cancel("M-1002", reason="&c;"),
        order("M-1003"),
        '<?xml version="1.0"?><!DOCTYPE message SYSTEM "file:///etc/passwd">' + order("M-1004"),
        order("M-1005").replace("<order>", '<!ENTITY x "y"><order>'),
    ]


def audit_feed():
    return [
        order("M-1101"),
        "",
        cancel("M-1102"),
        "not xml at all",
        "   ",
        order("M-1104", lines=(("SKU-1", "1", "1.5"),)),
        address("M-1105"),
        order("M-1101"),
        '<message id="M-1107" type="REFUND"/>',
        order("M-1108", country="US", currency="USD"),
    ]


def duplicates():
    return [
        order("M-1201"),
        order("M-1201"),
        order("M-1202", number="A-1202", lines=(("SKU-1", "1", "19.9"),)),
        order("M-1202", number="A-1202", lines=(("SKU-1", "1", "19.90"),)),
        order("M-1202", number="A-1202", lines=(("SKU-1", "1", "19.90"),)),
        order("M-1201", lines=(("SKU-1", "0", "19.99"),)),
        cancel("M-1203", number="A-1202"),
        cancel("M-1203", number="A-1202", reason="sent again by the operator"),
        address("M-1204"),
    ]


def free_text():
    """sku, street, city and postcode only need to be present: lower case, spaces, slashes and accents are fine, and a
    blank reason is the empty string."""
    return [
        order("M-1301", lines=(("blue mug/12 oz", "1", "8.50"), ("\u00df-7", "2", "1.00"))),
        order("M-1302", lines=(("sku_lower.case", "3", "2.00"),)),
        address("M-1303", code="C-12", street="12 rue d'Al\u00e9sia, b\u00e2t. B", city="paris", postcode="SW1A 1AA", country="FR"),
        cancel("M-1304", number="A-1301", reason="   "),
    ]


def field_order():
    """Each field is checked for presence, then validity, before the next field: an invalid early field is the
    reason even when a later one is missing. id comes before type."""
    return [
        order("M-1401", number="a 1").replace("<placed>20251009 1432</placed>", ""),
        order("M-1402", lines=(("SKU-1", "0", "1.00"), ("SKU-2", "1", "2.00"))).replace(' price="2.00"', ""),
        order("M-1403", country="Deutschland").replace("<currency>EUR</currency>", ""),
        order("M-1404", placed="20250230 1200").replace("<currency>EUR</currency>", ""),
        cancel("M-1405", number="A 1").replace("<at>20251009 1510</at>", ""),
        address("M-1406", code="c77").replace("<street>Hauptstr. 5</street>", ""),
        "<message><order/></message>",
        '<message id="M-1408"/>',
        order("M-1409"),
    ]


def crlf_payload():
    """A feed with Windows line endings: the payload of a dead letter is the line without its \\r\\n, whitespace
    around the message kept."""
    return [
        order("M-1501")[:-10],
        order("M-1502", lines=(("SKU-1", "1", "1.5"),)),
        "",
        "  " + '<message id="M-1503" type="RETURN"/>' + " \t",
        order("M-1504"),
    ]


def mixed():
    return (orders_basic()[:3] + [""] + money()[:2] + review()[:2] + export()[:2] + cancels_addresses()[:3]
            + malformed()[:2] + missing()[:2] + invalid()[:2] + unroutable()[:1] + doctype()[:1] + duplicates())


def large(count=4000, seed=7):
    rng = random.Random(seed)
    feed = []
    for i in range(count):
        mid = f"M-{i:06d}"
        roll = rng.random()
        if roll < 0.03 and feed:
            feed.append(rng.choice(feed[-50:]))
            continue
        if roll < 0.06:
            feed.append(order(mid, lines=(("SKU-1", "1", "9.9"),)))
        elif roll < 0.07:
            feed.append(order(mid)[: rng.randrange(20, 200)])
        elif roll < 0.80:
            n = rng.randrange(1, 5)
            lines = tuple((f"SKU-{rng.randrange(1000)}", str(rng.randrange(1, 20)), f"{rng.randrange(0, 500)}.{rng.randrange(100):02d}") for _ in range(n))
            feed.append(order(mid, number=f"A-{i}", code=f"C-{rng.randrange(5000)}", country=rng.choice(["DE", "FR", "US", "PL", "GB"]),
                              placed=f"2025{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d} {rng.randrange(24):02d}{rng.randrange(60):02d}", lines=lines))
        elif roll < 0.90:
            feed.append(cancel(mid, number=f"A-{rng.randrange(i + 1)}"))
        else:
            feed.append(address(mid, code=f"C-{rng.randrange(5000)}"))
    return feed


def run(command, text):
    done = subprocess.run(command, input=text, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{command[-1]} failed: {done.stderr}")
    return json.loads(done.stdout)


def expected(lines, eol="\n"):
    text = eol.join(lines) + eol
    document = run(PYTHON, text)
    if run(NODE, text) != document:
        raise SystemExit("the Python and Node references disagree")
    return text, document


def write(directory, name, text, document):
    with open(os.path.join(directory, name + ".in"), "w", newline="") as f:
        f.write(text)
    with open(os.path.join(directory, name + ".out"), "w") as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    os.makedirs(HIDDEN, exist_ok=True)
    parts = {
        "orders-basic": (orders_basic(), "deliveries"),
        "money": (money(), "deliveries"),
        "times": (times(), "deliveries"),
        "review": (review(), "deliveries"),
        "export": (export(), "deliveries"),
        "cancels-addresses": (cancels_addresses(), "deliveries"),
        "malformed": (malformed(), "deadLetters"),
        "missing": (missing(), "deadLetters"),
        "invalid": (invalid(), "deadLetters"),
        "unroutable": (unroutable(), "deadLetters"),
        "doctype": (doctype(), "deadLetters"),
        "duplicates": (duplicates(), "audit"),
        "free-text": (free_text(), "deliveries"),
        "field-order": (field_order(), "deadLetters"),
    }
    for name, (lines, key) in parts.items():
        text, document = expected(lines)
        write(HIDDEN, name, text, {key: document[key]})
    text, document = expected(audit_feed(), eol="\r\n")
    write(HIDDEN, "audit-trail", text, {"audit": document["audit"], "summary": document["summary"]})
    text, document = expected(crlf_payload(), eol="\r\n")
    write(HIDDEN, "crlf-payload", text, {"deadLetters": document["deadLetters"]})
    text, document = expected(mixed())
    write(HIDDEN, "mixed", text, document)
    text, document = expected(large())
    assert document["summary"]["duplicates"] > 50 and document["summary"]["deadLettered"] > 100, document["summary"]
    write(HIDDEN, "large", text, {"summary": document["summary"]})

    os.makedirs(VISIBLE, exist_ok=True)
    visible = {
        "01-routing": [order("M-1"), order("M-2", number="A-2", code="C-2", country="US", currency="USD", lines=(("SKU-3", "1", "4.35"),)),
                       order("M-3", number="A-3", lines=(("SKU-4", "2", "5000.00"),)), cancel("M-4"),
                       address("M-5", street="Rue de la Paix &amp; 2", city="Paris", postcode="75002", country="FR")],
        "02-dead-letters": [order("M-1"), order("M-2")[:60], order("M-3", lines=(("SKU-1", "2", "19.9"),)),
                            order("M-4").replace("<placed>20251009 1432</placed>", ""),
                            '<message id="M-5" type="INVOICE"/>', order("M-6", placed="20250101 0030")],
        "03-audit": [order("M-1"), "", order("M-1"), order("M-2", lines=(("SKU-1", "1", "1.5"),)),
                     order("M-2", lines=(("SKU-1", "1", "1.50"),)), "<<<", cancel("M-3")],
    }
    for name, lines in visible.items():
        text, document = expected(lines)
        write(VISIBLE, name, text, document)
    print(f"wrote {len(parts) + 4} hidden and {len(visible)} visible feeds")


main()
