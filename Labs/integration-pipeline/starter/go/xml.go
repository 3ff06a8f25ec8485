// A small XML tree over encoding/xml, for one message per line. You do not need to change it.
//
// ParseXML reads one document into an Element tree, or returns an error when the text is not well-formed XML.
// encoding/xml alone is lenient where an XML parser must not be (text or a second element after the root,
// attributes run together), so ParseXML checks those too.
package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Element is one XML element: its tag, its attributes, the text before its first child element (as Python's
// ElementTree has it; entities, character references and CDATA already decoded), and its child elements.
type Element struct {
	Tag      string
	Attrs    map[string]string
	Text     string
	Children []*Element
}

// Attr returns the attribute's value, and whether the element has it.
func (e *Element) Attr(name string) (string, bool) {
	value, ok := e.Attrs[name]
	return value, ok
}

// Find returns the first child element with the tag, or nil.
func (e *Element) Find(tag string) *Element {
	for _, child := range e.Children {
		if child.Tag == tag {
			return child
		}
	}
	return nil
}

// FindAll returns every child element with the tag, in document order.
func (e *Element) FindAll(tag string) []*Element {
	var found []*Element
	for _, child := range e.Children {
		if child.Tag == tag {
			found = append(found, child)
		}
	}
	return found
}

func qualified(name xml.Name) string {
	if name.Space != "" {
		return name.Space + ":" + name.Local
	}
	return name.Local
}

// ParseXML parses text as one XML document.
func ParseXML(text string) (*Element, error) {
	if err := attributesSeparated(text); err != nil {
		return nil, err
	}
	decoder := xml.NewDecoder(strings.NewReader(text))
	decoder.Strict = true
	var root *Element
	var open []*Element
	for {
		token, err := decoder.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := token.(type) {
		case xml.StartElement:
			if len(open) == 0 && root != nil {
				return nil, errors.New("a second element after the root element")
			}
			element := &Element{Tag: qualified(t.Name), Attrs: map[string]string{}}
			for _, attr := range t.Attr {
				name := qualified(attr.Name)
				if _, twice := element.Attrs[name]; twice {
					return nil, fmt.Errorf("attribute %s given twice", name)
				}
				element.Attrs[name] = attr.Value
			}
			if len(open) == 0 {
				root = element
			} else {
				parent := open[len(open)-1]
				parent.Children = append(parent.Children, element)
			}
			open = append(open, element)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) == 0 {
				if strings.TrimSpace(string(t)) != "" {
					return nil, errors.New("text outside the root element")
				}
				continue
			}
			if current := open[len(open)-1]; len(current.Children) == 0 {
				current.Text += string(t)
			}
		case xml.Directive:
			return nil, errors.New("a declaration (<!...>) is not allowed")
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// attributesSeparated rejects a tag whose attributes are not separated by white space (`a="1"b="2"`), which
// encoding/xml accepts.
func attributesSeparated(text string) error {
	quote := byte(0)
	inTag := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
				if inTag && i+1 < len(text) && !strings.ContainsRune(" \t\r\n/>?", rune(text[i+1])) {
					return errors.New("attributes must be separated by white space")
				}
			}
		case c == '<':
			inTag = strings.HasPrefix(text[i:], "<") && !strings.HasPrefix(text[i:], "<!")
			if strings.HasPrefix(text[i:], "<![CDATA[") {
				end := strings.Index(text[i:], "]]>")
				if end < 0 {
					return nil // the decoder reports the unterminated section
				}
				i += end + 2
			} else if strings.HasPrefix(text[i:], "<!--") {
				end := strings.Index(text[i:], "-->")
				if end < 0 {
					return nil
				}
				i += end + 2
			}
		case c == '>':
			inTag = false
		case inTag && (c == '"' || c == '\''):
			quote = c
		}
	}
	return nil
}
