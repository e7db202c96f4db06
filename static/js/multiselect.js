/* Searchable multi-select (portfolio.forms.SearchableCheckboxes), progressive enhancement.
 *
 * The server renders a plain list of checkboxes inside [data-multiselect]; that works without JavaScript.
 * This script adds, above the list, a filter box ("Søg …") that hides the options whose label does not
 * contain what is typed, and a line saying how many are chosen (and which), in an aria-live region so a
 * screen reader hears the count change. The checkboxes stay ordinary checkboxes: Tab and Space work as
 * always. Enter in the filter box does not send the form; Escape clears the filter. No inline script or
 * style, so the Content-Security-Policy holds. */
(function () {
  "use strict";

  function words(text) {
    return (text || "").toLocaleLowerCase("da").replace(/\s+/g, " ").trim();
  }

  function enhance(root) {
    if (root.dataset.multiselectReady) return;
    var list = root.querySelector(".multiselect__options");
    if (!list) return;
    root.dataset.multiselectReady = "1";
    var options = Array.prototype.slice.call(list.querySelectorAll(".multiselect__option"));
    var noun = root.dataset.multiselectNoun || "valgmuligheder";
    var base = list.id || "multiselect";

    var tools = document.createElement("div");
    tools.className = "multiselect__tools";
    var label = document.createElement("label");
    label.className = "form-label multiselect__label";
    label.htmlFor = base + "_filter";
    label.textContent = "Søg blandt " + noun;
    var input = document.createElement("input");
    input.type = "search";
    input.id = base + "_filter";
    input.className = "form-input multiselect__filter";
    input.placeholder = "Søg …";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", base + "_count");
    var status = document.createElement("p");
    status.className = "multiselect__count";
    status.id = base + "_count";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    var empty = document.createElement("p");
    empty.className = "multiselect__empty";
    empty.hidden = true;
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(status);
    root.insertBefore(tools, list);
    root.insertBefore(empty, list.nextSibling);

    function labelOf(option) {
      var text = option.querySelector("label");
      return text ? text.textContent.trim() : "";
    }

    function update() {
      var query = words(input.value);
      var shown = 0;
      var chosen = [];
      options.forEach(function (option) {
        var box = option.querySelector("input[type=checkbox]");
        var match = !query || words(labelOf(option)).indexOf(query) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
        if (box && box.checked) chosen.push(labelOf(option));
      });
      var text = chosen.length === 0 ? "Ingen valgt" : chosen.length + " valgt: " + chosen.join(", ");
      if (query) text += ". Viser " + shown + " af " + options.length + ".";
      status.textContent = text;
      empty.hidden = shown !== 0;
      empty.textContent = shown === 0 ? "Ingen " + noun + " matcher »" + input.value.trim() + "«." : "";
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        update();
      }
    });
    list.addEventListener("change", update);
    update();
  }

  function enhanceAll(scope) {
    var roots = (scope || document).querySelectorAll("[data-multiselect]");
    Array.prototype.forEach.call(roots, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  // Forms that htmx swaps in later are enhanced too.
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
