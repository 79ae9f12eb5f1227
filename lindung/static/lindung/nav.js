// The main menu: a Menu button folds it on narrow screens; one task group open at a time.
// Without JavaScript the menu stays unfolded and each group is a plain <details>.
(function () {
  document.documentElement.classList.add("js");
  // A table wider than the screen scrolls inside its .table-scroll box; the box then takes
  // the keyboard focus, so the arrow keys scroll it (WCAG 2.1.1), and no tab stop otherwise.
  function focusableScrollers() {
    var boxes = document.querySelectorAll(".table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        var caption = box.querySelector("caption");
        if (caption && !box.hasAttribute("aria-label")) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  function ready() {
    focusableScrollers();
    window.addEventListener("resize", focusableScrollers);
    var nav = document.getElementById("main-nav");
    var toggle = document.querySelector(".menu-toggle");
    if (!nav) return;
    var groups = Array.prototype.slice.call(nav.querySelectorAll("details"));
    function closeGroups(except) {
      groups.forEach(function (d) { if (d !== except) d.open = false; });
    }
    groups.forEach(function (d) {
      d.addEventListener("toggle", function () { if (d.open) closeGroups(d); });
    });
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("open", open);
      });
    }
    document.addEventListener("click", function (e) {
      if (!nav.contains(e.target)) closeGroups(null);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      var open = groups.filter(function (d) { return d.open; })[0];
      if (open) { open.open = false; open.querySelector("summary").focus(); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
