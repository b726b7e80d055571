// Reports reading and watching time on a module to the server (ADR 0013).
// The server credits only its own clock between heartbeats; this script only says
// "still here", which media plays and where, and whether the end of the text was seen.
// No heartbeat while the page is hidden; a tab that loses the deputy's one playing
// slot to another stops and offers to continue here.
(function () {
  "use strict";
  var box = document.querySelector("[data-viewing]");
  if (!box) return;
  var statusList = box.querySelector("[data-viewing-status]");
  var elsewhere = box.querySelector("[data-viewing-elsewhere]");
  var players = Array.prototype.slice.call(document.querySelectorAll("[data-viewing-media]"));
  var token = null, seq = 0, interval = 20, timer = null, playing = null;
  var endReached = false, endSent = false, readingLeft = 0, stopped = false, resume = {};

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: JSON.stringify(body || {})
    });
  }

  function show(data) {
    if (!data.lines) return;
    statusList.textContent = "";
    data.lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      statusList.appendChild(item);
    });
    readingLeft = data.reading_left || 0;
    if (data.module_complete) box.classList.add("border-success");
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = null;
    if (stopped || !token || document.hidden) return;
    var wait = null;
    if (playing) wait = interval;
    else if (readingLeft > 0) wait = Math.min(interval, readingLeft + 1);
    if (wait !== null) timer = window.setTimeout(function () { beat(); }, wait * 1000);
  }

  function beat(keepalive, restart) {
    if (!token || stopped) return;
    seq += 1;
    var body = { token: token, seq: seq, end: endReached, restart: !!restart };
    if (playing) { body.media = playing.dataset.viewingMedia; body.position = playing.currentTime; }
    if (endReached) endSent = true;
    var sent = post(box.dataset.beatUrl, body, keepalive);
    schedule();
    if (keepalive) return;
    sent.then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) { show(result.data); schedule(); return; }
      if (result.data.refused === "elsewhere") stop();
    }).catch(function () { /* a lost heartbeat only loses its own interval */ });
  }

  function stop() {
    stopped = true;
    window.clearTimeout(timer);
    players.forEach(function (player) { if (!player.paused) player.pause(); });
    playing = null;
    elsewhere.hidden = false;
  }

  function start() {
    post(box.dataset.startUrl).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      token = data.token; seq = 0; interval = data.interval || 20; stopped = false;
      resume = data.resume || {};
      elsewhere.hidden = true;
      show(data);
      players.forEach(applyResume);
      if (endReached && !data.end_reached) beat();
      schedule();
    }).catch(function () { window.setTimeout(start, 10000); });
  }

  function applyResume(player) {
    var at = resume[player.dataset.viewingMedia];
    if (!at || player.dataset.resumed) return;
    var go = function () {
      if (player.duration && at < player.duration - 2) player.currentTime = at;
      player.dataset.resumed = "1";
    };
    if (player.readyState >= 1) go(); else player.addEventListener("loadedmetadata", go, { once: true });
  }

  players.forEach(function (player) {
    player.addEventListener("play", function () {
      if (stopped) { player.pause(); return; }
      players.forEach(function (other) { if (other !== player && !other.paused) other.pause(); });
      if (playing && playing !== player) beat();
      playing = player;
      beat();
    });
    player.addEventListener("pause", function () {
      if (playing !== player) return;
      beat();
      playing = null;
      schedule();
    });
    player.addEventListener("ended", function () {
      if (playing !== player) return;
      beat();
      playing = null;
      schedule();
    });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      // The time up to now counts; then nothing until the page is seen again.
      if (playing || readingLeft > 0) beat(true);
      players.forEach(function (player) { if (!player.paused) player.pause(); });
      window.clearTimeout(timer);
    } else if (!stopped) {
      beat(false, true);  // a new starting point: the hidden time earns nothing
    }
  });
  window.addEventListener("pagehide", function () { if (playing || readingLeft > 0) beat(true); });
  box.querySelector("[data-viewing-here]").addEventListener("click", start);

  var end = document.querySelector("[data-viewing-end]");
  if (end && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries, observer) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      endReached = true;
      observer.disconnect();
      if (token && !endSent) beat();
    }).observe(end);
  } else {
    endReached = true;
  }
  start();
})();
