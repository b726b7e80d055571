// Keeps the check-in QR code current: fetches the new code when the old one turns.
(function () {
  "use strict";
  var box = document.querySelector("[data-checkin-qr]");
  if (!box) return;
  var present = document.querySelector("[data-checkin-present]");
  function refresh() {
    fetch(box.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        box.innerHTML = data.svg;
        if (present) present.textContent = data.present;
        window.setTimeout(refresh, Math.max(data.seconds_left, 1) * 1000 + 200);
      })
      .catch(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 5000);
})();
