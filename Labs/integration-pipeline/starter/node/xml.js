// A small, strict XML parser for one message at a time. Node.js has no XML parser in its standard library, so
// this lab gives you one; you do not need to change it. It checks well-formedness the way Python's
// xml.etree.ElementTree does for the messages of this lab, and throws XmlError on anything malformed.
//
//   const { parseXml, XmlError } = require("./xml");
//   const root = parseXml('<message id="M-1"><order><number>A-1</number></order></message>');
//   root.name                      // "message"
//   root.attributes.id             // "M-1" (undefined when absent)
//   root.find("order")             // the first child element named "order", or null
//   root.find("order").findAll("number")   // every child element named "number", in order
//   root.find("order").find("number").text // "A-1": the element's own text, entities and CDATA decoded
//
// It supports elements, attributes in single or double quotes, character and the five predefined entity
// references, CDATA sections, comments, processing instructions and an XML declaration. A DOCTYPE is refused
// (XmlError with doctype = true): this parser never expands entities a document defines.
"use strict";

class XmlError extends Error {
  constructor(message, position, doctype = false) {
    super(`${message} at offset ${position}`);
    this.doctype = doctype;
  }
}

class XmlElement {
  constructor(name, attributes) {
    this.name = name;
    this.attributes = attributes;
    this.children = [];
    this.text = "";
  }

  find(name) {
    return this.children.find((child) => child.name === name) || null;
  }

  findAll(name) {
    return this.children.filter((child) => child.name === name);
  }
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function parseXml(source) {
  let pos = 0;
  const fail = (message) => {
    throw new XmlError(message, pos);
  };
  const startsWith = (text) => source.startsWith(text, pos);
  const skipSpace = () => {
    while (pos < source.length && " \t\r\n".includes(source[pos])) pos++;
  };
  const name = () => {
    const start = pos;
    if (pos >= source.length || !NAME_START.test(source[pos])) fail("expected a name");
    while (pos < source.length && NAME_CHAR.test(source[pos])) pos++;
    return source.slice(start, pos);
  };
  const decode = (raw, where) => {
    if (raw.includes("<")) fail(`'<' not allowed in ${where}`);
    return raw.replace(/&([^;&]*);|&/g, (match, ref) => {
      if (ref === undefined) fail("'&' must start an entity reference (write &amp;)");
      if (ref in ENTITIES) return ENTITIES[ref];
      const numeric = /^#(?:([0-9]+)|x([0-9A-Fa-f]+))$/.exec(ref);
      if (!numeric) fail(`undefined entity &${ref};`);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 10) : parseInt(numeric[2], 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(`invalid character reference &${ref};`);
      return String.fromCodePoint(code);
    });
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (startsWith("<!--")) {
        const end = source.indexOf("-->", pos + 4);
        if (end < 0) fail("unterminated comment");
        pos = end + 3;
      } else if (startsWith("<?")) {
        const end = source.indexOf("?>", pos + 2);
        if (end < 0) fail("unterminated processing instruction");
        pos = end + 2;
      } else if (startsWith("<!DOCTYPE")) {
        throw new XmlError("DOCTYPE is not allowed", pos, true);
      } else {
        return;
      }
    }
  };
  const element = () => {
    if (source[pos] !== "<") fail("expected '<'");
    pos++;
    const node = new XmlElement(name(), {});
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith("/>")) {
        pos += 2;
        return node;
      }
      if (source[pos] === ">") {
        pos++;
        break;
      }
      if (pos === before) fail("expected whitespace, '>' or '/>'");
      const key = name();
      skipSpace();
      if (source[pos] !== "=") fail(`expected '=' after attribute ${key}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${key} needs a quoted value`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail(`unterminated value of attribute ${key}`);
      if (Object.prototype.hasOwnProperty.call(node.attributes, key)) fail(`duplicate attribute ${key}`);
      node.attributes[key] = decode(source.slice(pos + 1, end), `attribute ${key}`).replace(/[\t\r\n]/g, " ");
      pos = end + 1;
    }
    for (;;) {
      if (pos >= source.length) fail(`element <${node.name}> is not closed`);
      if (startsWith("</")) {
        pos += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> does not close <${node.name}>`);
        skipSpace();
        if (source[pos] !== ">") fail("expected '>'");
        pos++;
        return node;
      }
      if (startsWith("<![CDATA[")) {
        const end = source.indexOf("]]>", pos + 9);
        if (end < 0) fail("unterminated CDATA section");
        node.text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith("<!--")) {
        const end = source.indexOf("-->", pos + 4);
        if (end < 0) fail("unterminated comment");
        pos = end + 3;
      } else if (startsWith("<?")) {
        const end = source.indexOf("?>", pos + 2);
        if (end < 0) fail("unterminated processing instruction");
        pos = end + 2;
      } else if (source[pos] === "<") {
        node.children.push(element());
      } else {
        let end = source.indexOf("<", pos);
        if (end < 0) end = source.length;
        const raw = source.slice(pos, end);
        if (raw.includes("]]>")) fail("']]>' not allowed in text");
        node.text += decode(raw, "text");
        pos = end;
      }
    }
  };

  misc();
  if (pos >= source.length) fail("no root element");
  const root = element();
  misc();
  if (pos < source.length) fail("text after the root element");
  return root;
}

module.exports = { parseXml, XmlError, XmlElement };
