// Typeahead choosers (base/choosers.py): each <select data-typeahead-url> becomes a
// combobox (WAI-ARIA 1.2 combobox with a listbox popup) that asks the portal for the
// records matching what is typed. The select stays in the form, hidden, and carries the
// chosen value; without JavaScript it is used as it is (with its "Find" box).
(function () {
  "use strict";

  var DELAY = 200; // ms after the last key before asking the server
  var counter = 0;

  function asOfParam() {
    var value = new URLSearchParams(window.location.search).get("as_of");
    return value ? "&as_of=" + encodeURIComponent(value) : "";
  }

  function message(select, key, count) {
    return (select.dataset["typeahead" + key] || "").replace("{count}", String(count));
  }

  function enhance(select) {
    if (select.dataset.typeaheadReady) {
      return;
    }
    select.dataset.typeaheadReady = "1";
    var id = select.id || "typeahead-" + (++counter);
    var label = document.querySelector('label[for="' + id + '"]');
    var finder = document.querySelector('[data-typeahead-finder="' + id + '"]');

    var wrapper = document.createElement("div");
    wrapper.className = "typeahead position-relative";
    var input = document.createElement("input");
    var listbox = document.createElement("ul");
    var live = document.createElement("div");

    input.type = "text";
    input.className = select.className.replace(/\bform-select\b/, "form-control");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-listbox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.placeholder = select.dataset.typeaheadPlaceholder || "";
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    if (select.required) {
      input.setAttribute("aria-required", "true");
    }

    listbox.id = id + "-listbox";
    listbox.className = "dropdown-menu w-100 typeahead-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.style.maxHeight = "18rem";
    listbox.style.overflowY = "auto";
    listbox.style.top = "100%";
    listbox.style.left = "0";
    if (label) {
      label.id = label.id || id + "-label";
      listbox.setAttribute("aria-labelledby", label.id);
    }

    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");

    // The label now names the combobox; the select keeps the value, out of sight.
    select.id = id + "-select";
    input.id = id;
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    if (finder) {
      finder.hidden = true;
    }
    // The select stays where it was: Bootstrap shows its error message (the sibling
    // after an .is-invalid control) and crispy's markup is untouched.
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(live);

    var options = [];
    var active = -1;
    var timer = null;
    var request = null;

    function chosenLabel() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.textContent.trim() : "";
    }
    input.value = chosenLabel();

    function isOpen() {
      return input.getAttribute("aria-expanded") === "true";
    }

    function open() {
      listbox.classList.add("show");
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.classList.remove("show");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (item, i) {
        item.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(item) {
      var value = item.dataset.value;
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === value;
      });
      if (!option) {
        option = new Option(item.textContent, value);
        select.appendChild(option);
      }
      select.value = value;
      input.value = item.textContent;
      close();
      live.textContent = "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function clear() {
      input.value = "";
      close();
      if (select.value !== "") {
        var empty = Array.prototype.find.call(select.options, function (o) {
          return o.value === "";
        });
        if (!empty) {
          select.insertBefore(new Option("", ""), select.firstChild);
        }
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function show(data) {
      listbox.textContent = "";
      options = data.results.map(function (result, i) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + i;
        item.className = "dropdown-item text-wrap";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", result.value === select.value ? "true" : "false");
        item.dataset.value = result.value;
        item.textContent = result.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the combobox
        });
        item.addEventListener("click", function () {
          choose(item);
        });
        listbox.appendChild(item);
        return item;
      });
      if (!options.length) {
        var none = document.createElement("li");
        none.className = "dropdown-item-text text-body-secondary";
        none.textContent = message(select, "None", 0);
        listbox.appendChild(none);
      }
      active = -1;
      open();
      var count = options.length;
      live.textContent = data.more
        ? message(select, "More", count)
        : message(select, count === 0 ? "None" : count === 1 ? "One" : "Many", count);
    }

    function search() {
      if (request) {
        request.abort();
      }
      request = new AbortController();
      var url = select.dataset.typeaheadUrl;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(input.value.trim()) + asOfParam();
      live.textContent = message(select, "Loading", 0);
      fetch(url, { headers: { Accept: "application/json" }, signal: request.signal, credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (data.error) {
            live.textContent = data.error;
            close();
            return;
          }
          show(data);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            live.textContent = message(select, "Error", 0);
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (!input.value.trim()) {
        close();
        return;
      }
      timer = setTimeout(search, DELAY);
    });

    // The combobox has no name: its own changes are not the form's (htmx filters listen).
    input.addEventListener("change", function (event) {
      event.stopPropagation();
    });

    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen()) {
            search();
          } else if (options.length) {
            highlight((active + 1) % options.length);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (isOpen() && options.length) {
            highlight(active <= 0 ? options.length - 1 : active - 1);
          }
          break;
        case "Enter":
          if (isOpen()) {
            event.preventDefault();
            if (active >= 0) {
              choose(options[active]);
            }
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
            input.value = chosenLabel();
          } else if (input.value) {
            event.preventDefault();
            clear();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
      // What was typed but not chosen is not a value: empty clears, anything else reverts.
      if (!input.value.trim()) {
        clear();
      } else {
        input.value = chosenLabel();
      }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-typeahead-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    init(event.target);
  });
})();
