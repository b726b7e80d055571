/* The @mention picker: type "@" and part of a name under a forum text box, choose a
   deputy from the list. Names come from the board's mentions endpoint (only deputies
   who may read the board) and are inserted as text, never as HTML.
   On a phone the list sits above the text box, where the on-screen keyboard cannot
   cover it, and is scrolled into view when it would fall outside the screen. */
(function () {
  "use strict";
  var TOKEN = /@([\u3400-\u9fff\u00b7A-Za-z]{1,20})$/;

  function setUp(textarea) {
    var url = textarea.getAttribute("data-mentions-url");
    var list = document.createElement("ul");
    list.className = "list-inline forum-mention-picker my-1";
    list.setAttribute("aria-live", "polite");
    list.setAttribute("aria-label", textarea.getAttribute("data-mentions-label") || "");
    var phone = window.matchMedia("(max-width: 575.98px)");

    function place() {
      textarea.insertAdjacentElement(phone.matches ? "beforebegin" : "afterend", list);
    }

    function keepInView() {
      if (!list.firstChild) { return; }
      var box = list.getBoundingClientRect();
      var height = window.visualViewport ? window.visualViewport.height : window.innerHeight;
      if (box.top < 0 || box.bottom > height) {
        list.scrollIntoView({ block: "nearest" });
      }
    }

    place();
    if (phone.addEventListener) { phone.addEventListener("change", place); }
    var timer = null;

    function clear() {
      while (list.firstChild) { list.removeChild(list.firstChild); }
    }

    function choose(name, start) {
      var end = textarea.selectionStart;
      var text = textarea.value;
      textarea.value = text.slice(0, start) + "@" + name + " " + text.slice(end);
      var caret = start + name.length + 2;
      textarea.focus();
      textarea.setSelectionRange(caret, caret);
      clear();
    }

    function lookUp() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = TOKEN.exec(before);
      if (!match) { clear(); return; }
      var start = before.length - match[0].length;
      fetch(url + "?q=" + encodeURIComponent(match[1]), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          clear();
          data.results.forEach(function (deputy) {
            var item = document.createElement("li");
            item.className = "list-inline-item";
            var button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-outline-primary btn-sm";
            button.textContent = "@" + deputy.name + "（" + deputy.delegation + "）";
            button.addEventListener("click", function () { choose(deputy.name, start); });
            item.appendChild(button);
            list.appendChild(item);
          });
          keepInView();
        })
        .catch(clear);
    }

    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 250);
    });
  }

  document.querySelectorAll("textarea[data-mentions-url]").forEach(setUp);
})();
