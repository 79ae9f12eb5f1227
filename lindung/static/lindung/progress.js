// Polls the import's status and fills the progress bar; reloads when the job ends.
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var stages = { check: "Memeriksa", commit: "Menyimpan" };
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (!d.running) { window.location.reload(); return; }
        if (d.stage && d.total) {
          bar.max = d.total;
          bar.value = d.done;
        } else {
          bar.removeAttribute("value"); // indeterminate until the total is known
        }
        if (d.stage) {
          text.textContent = (stages[d.stage] || d.status_label) + ": " + d.done + " baris";
        }
        setTimeout(poll, 700);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
