// The main menu: a Menu button folds it on narrow screens; one task group open at a time.
// Without JavaScript the menu stays unfolded and each group is a plain <details>.
(function () {
  document.documentElement.classList.add("js");
  function ready() {
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
