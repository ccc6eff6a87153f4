"""Read the forms of a page the way a browser would submit them, so tests can post an
edit page (portal or admin, inlines and management forms included) without knowing
its fields in advance."""

from html.parser import HTMLParser


class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.id = attrs.get("id") or ""
        self.fields = []  # [(name, value)] in document order, repeated names allowed
        self.names = set()  # every named control, sent or not (e.g. unchecked boxes)
        self.kinds = {}  # name -> "text", "date", "select", "textarea", "hidden"…
        self.options = {}  # select name -> the values of its options

    def data(self, **changes):
        """The submitted data as a dict for Django's test client (lists for repeated
        names), with `changes` applied."""
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
        data.update(changes)
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None  # (name, multiple, options [(value, selected)])
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            self.form.names.add(name)
            kind = (attrs.get("type") or "text").lower()
            self.form.kinds.setdefault(name, kind)
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.form.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name and "disabled" not in attrs:
            self.form.names.add(name)
            self.form.kinds.setdefault(name, "select")
            self.select = (name, "multiple" in attrs, [])
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select[2].append(self.option)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.form.names.add(name)
            self.form.kinds.setdefault(name, "textarea")
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            values = [value if value is not None else text for value, selected, text in options if selected]
            if not values and not multiple and options:
                first = options[0]
                values = [first[0] if first[0] is not None else first[2]]
            self.form.fields.extend((name, value) for value in values)
            self.form.options[name] = [value if value is not None else text for value, _s, text in options]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.form.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


def forms_of(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def edit_form(response):
    """The page's main POST form: not the header's log-out and language forms (they
    post elsewhere); among the rest, the one with the most fields."""
    from django.urls import reverse

    elsewhere = {reverse("logout"), reverse("set_language"), reverse("admin:logout")}
    html = response.content.decode()
    candidates = [
        form
        for form in forms_of(html)
        if form.method == "post" and form.action.split("?")[0] not in elsewhere
    ]
    assert candidates, "the page has no POST form"
    return max(candidates, key=lambda form: len(form.names))
