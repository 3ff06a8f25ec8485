import Foundation

/// A lab's README as HTML: the Markdown lab authors write (ATX headings, paragraphs, fenced code, lists, quotes,
/// inline code, emphasis, links), every character of the source escaped, raw HTML shown as text.
///
/// Not a CommonMark implementation: what the catalog's READMEs use, rendered safely. A link keeps only `http`,
/// `https`, `mailto`, relative and fragment targets, so a README cannot run script through `javascript:`.
public enum Markdown {
    public static func html(_ source: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])? = nil
        var quote: [String] = []
        var fence: (marker: String, language: String, lines: [String])? = nil

        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            guard let current = list else { return }
            let tag = current.ordered ? "ol" : "ul"
            out += "<\(tag)>" + current.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty { out += "<blockquote>" + html(quote.joined(separator: "\n")) + "</blockquote>\n" }
            quote = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushQuote()
        }

        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var open = fence {
                if trimmed.hasPrefix(open.marker) && trimmed.allSatisfy({ $0 == open.marker.first }) {
                    let language = open.language.isEmpty ? "" : " class=\"language-\(escape(open.language))\""
                    out += "<pre><code\(language)>" + escape(open.lines.joined(separator: "\n")) + "</code></pre>\n"
                    fence = nil
                } else {
                    open.lines.append(line)
                    fence = open
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flushAll()
                let marker = String(trimmed.prefix { $0 == trimmed.first })
                fence = (marker, String(trimmed.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces), [])
                continue
            }
            if trimmed.isEmpty {
                flushAll()
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                flushList()
                quote.append(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            flushQuote()
            if let level = heading(trimmed) {
                flushAll()
                let text = trimmed.dropFirst(level).trimmingCharacters(in: .whitespaces)
                out += "<h\(level)>" + inline(text) + "</h\(level)>\n"
                continue
            }
            if let (ordered, item) = listItem(trimmed), line.prefix(while: { $0 == " " }).count < 4 || list == nil {
                flushParagraph()
                if let current = list, current.ordered != ordered { flushList() }
                if list == nil { list = (ordered, []) }
                list?.items.append(item)
                continue
            }
            if var current = list, line.hasPrefix("  ") {
                // A continuation of the last item.
                current.items[current.items.count - 1] += " " + trimmed
                list = current
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let open = fence {
            out += "<pre><code>" + escape(open.lines.joined(separator: "\n")) + "</code></pre>\n"
        }
        flushAll()
        return out
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func heading(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
            return (false, String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count < 10 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return (true, String(rest.dropFirst(2))) }
        }
        return nil
    }

    /// Inline code, links, bold and italic, in that order of precedence; everything else escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let next = rest.firstIndex(where: { "`[*_".contains($0) }) {
            out += escape(String(rest[..<next]))
            rest = rest[next...]
            if rest.first == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + escape(String(rest[rest.index(after: rest.startIndex)..<close])) + "</code>"
                rest = rest[rest.index(after: close)...]
            } else if rest.first == "[", let (label, target, after) = link(rest) {
                if let safe = safeTarget(target) {
                    out += "<a href=\"\(escape(safe))\">" + inline(label) + "</a>"
                } else {
                    out += inline(label)
                }
                rest = after
            } else if let (tag, inner, after) = emphasis(rest) {
                out += "<\(tag)>" + inline(inner) + "</\(tag)>"
                rest = after
            } else {
                out += escape(String(rest.first!))
                rest = rest.dropFirst()
            }
        }
        return out + escape(String(rest))
    }

    private static func link(_ text: Substring) -> (String, String, Substring)? {
        guard let closeLabel = text.firstIndex(of: "]"), text[text.index(after: closeLabel)...].first == "(",
            let closeTarget = text[closeLabel...].firstIndex(of: ")")
        else { return nil }
        let label = String(text[text.index(after: text.startIndex)..<closeLabel])
        let target = String(text[text.index(closeLabel, offsetBy: 2)..<closeTarget])
        return (label, target.trimmingCharacters(in: .whitespaces), text[text.index(after: closeTarget)...])
    }

    private static func safeTarget(_ target: String) -> String? {
        let lowered = target.lowercased()
        if ["http://", "https://", "mailto:", "#", "/", "./", "../"].contains(where: { lowered.hasPrefix($0) }) {
            return target
        }
        // A relative path without a scheme (no colon before the first slash).
        let beforeSlash = lowered.prefix { $0 != "/" }
        return beforeSlash.contains(":") ? nil : target
    }

    private static func emphasis(_ text: Substring) -> (String, String, Substring)? {
        for (marker, tag) in [("**", "strong"), ("__", "strong"), ("*", "em"), ("_", "em")] where text.hasPrefix(marker)
        {
            let body = text.dropFirst(marker.count)
            guard let close = body.range(of: marker), close.lowerBound > body.startIndex,
                body.first != " "
            else { continue }
            return (tag, String(body[..<close.lowerBound]), body[close.upperBound...])
        }
        return nil
    }
}
