// Autocomplete: an ARIA 1.2 combobox. `data-autocomplete="communes"` picks one commune (its code
// goes to a hidden field); `data-autocomplete="places"` adds zones (communes, départements,
// régions, EPCI) to the text area named by `data-target`. Without JavaScript the server
// understands what was typed; with it, the user picks exact places.
(function () {
  "use strict";
  var counter = 0;

  var sources = {
    communes: {
      url: "/api/v1/communes?limit=8&q=",
      noun: ["commune proposée", "communes proposées", "Aucune commune ne correspond."],
      text: function (commune) { return commune.name + " (" + (commune.postal_codes[0] || commune.departement.code) + ") — " + commune.departement.name; }
    },
    places: {
      url: "/api/v1/places?limit=8&q=",
      noun: ["zone proposée", "zones proposées", "Aucune zone ne correspond."],
      text: function (place) { return place.label + " — " + place.kind_label; }
    }
  };

  // The zones field gets its own search box; the text area stays the value sent.
  function placesInput(container) {
    var target = document.getElementById(container.getAttribute("data-target"));
    var label = document.createElement("label");
    label.setAttribute("for", target.id + "-search");
    label.textContent = "Ajouter une zone";
    var input = document.createElement("input");
    input.type = "text";
    input.id = target.id + "-search";
    input.autocomplete = "off";
    container.appendChild(label);
    container.appendChild(input);
    return { input: input, target: target };
  }

  function setup(container) {
    var mode = container.getAttribute("data-autocomplete");
    var source = sources[mode];
    var input, hidden, target;
    if (mode === "places") {
      var made = placesInput(container);
      input = made.input;
      target = made.target;
    } else {
      input = container.querySelector("input[type=text]");
      hidden = container.querySelector("input[name='" + input.getAttribute("data-code-field") + "']");
    }
    var listId = mode + "-list-" + (++counter);
    var list = document.createElement("ul");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", source.noun[1].charAt(0).toUpperCase() + source.noun[1].slice(1));
    list.hidden = true;
    container.appendChild(list);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    container.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      if (target) {
        var current = target.value.replace(/[\s;,]+$/, "");
        target.value = current ? current + " ; " + item.label : item.label;
        input.value = "";
        lastQuery = "";
        var zonesChoice = document.getElementById("reach-perimeters");
        if (zonesChoice) zonesChoice.checked = true;
        status.textContent = item.label + " ajoutée aux zones.";
      } else {
        input.value = item.name;
        hidden.value = item.code;
        status.textContent = item.label + " choisie.";
      }
      close();
    }

    function render() {
      list.innerHTML = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = source.text(item);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(option);
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = open ? items.length + " " + (items.length > 1 ? source.noun[1] : source.noun[0]) + ", flèches pour choisir." : source.noun[2];
      active = -1;
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) { items = []; close(); return; }
      fetch(source.url + encodeURIComponent(query), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          if (input.value.trim() !== query) return;
          items = body.items || [];
          render();
        })
        .catch(function () { items = []; close(); });
    }

    input.addEventListener("input", function () {
      if (hidden) hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(Math.min(active + 1, items.length - 1));
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(Math.max(active - 1, 0));
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        choose(active);
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("[data-autocomplete]").forEach(setup);
})();
