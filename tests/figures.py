"""The register's figures as the tests read them: the whole network's on a day, and
the values a page marks with `data-figure` (checked against each figure's `count`)."""

import re
from html.parser import HTMLParser

from base.figures import REGISTER


def network_figures(day):
    return {key: figure.count(day) for key, figure in REGISTER.items() if figure.of is None}


class _MarkParser(HTMLParser):
    """Collects (key, owner pk or None, text) for every element marked `data-figure`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks, self.open = [], []  # open: [tag, key, of, text, depth]

    def handle_starttag(self, tag, attrs):
        for mark in self.open:
            mark[4] += mark[0] == tag
        attrs = dict(attrs)
        if "data-figure" in attrs:
            self.open.append([tag, attrs["data-figure"], attrs.get("data-of"), "", 0])

    def handle_endtag(self, tag):
        for mark in list(self.open):
            if mark[0] == tag:
                if mark[4] == 0:
                    self.open.remove(mark)
                    self.marks.append((mark[1], mark[2], mark[3].strip()))
                else:
                    mark[4] -= 1

    def handle_data(self, data):
        for mark in self.open:
            mark[3] += data


def figure_marks(html):
    """[(figure key, owner pk or None, value shown)] of the register's figures on a page."""
    parser = _MarkParser()
    parser.feed(html)
    return [(key, of, text) for key, of, text in parser.marks if key in REGISTER]


def marks_disagreeing(html, day):
    """The marks of `html` whose value is not the figure's `count(day, owner)`: [] when
    the page agrees with the register."""
    wrong = []
    for key, of, text in figure_marks(html):
        shown = int(re.sub(r"\D", "", text) or -1)
        expected = REGISTER[key].count(day, int(of) if of else None)
        if shown != expected:
            wrong.append(f"{key} of {of}: page shows {text!r}, the register counts {expected}")
    return wrong


class _FragmentParser(HTMLParser):
    def __init__(self, element_id):
        super().__init__(convert_charrefs=True)
        self.element_id, self.depth, self.tag, self.parts = element_id, 0, None, []

    def handle_starttag(self, tag, attrs):
        if self.tag is None and dict(attrs).get("id") == self.element_id:
            self.tag, self.depth = tag, 1
        elif self.tag is not None and self.depth:
            self.depth += tag == self.tag
        if self.depth:
            self.parts.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.depth:
            self.parts.append(f"</{tag}>")
            self.depth -= tag == self.tag

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def fragment(html, element_id):
    """The markup of the element with `element_id` (None when the page has none)."""
    parser = _FragmentParser(element_id)
    parser.feed(html)
    return "".join(parser.parts) if parser.tag else None
