// Progressive enhancement of the code screen: without this script the re-send button
// is always enabled and the server answers an early press with the wait left.
// With it, the button waits for the countdown and the wait is counted down live.
(function () {
  var wait = document.querySelector('[data-countdown]');
  var button = document.querySelector('[data-countdown-button]');
  if (!wait || !button) return;
  var seconds = parseInt(wait.getAttribute('data-countdown'), 10) || 0;
  if (seconds <= 0) return;
  var shown = wait.querySelector('[data-countdown-seconds]');
  var ready = document.querySelector('[data-countdown-ready]');
  var endsAt = Date.now() + seconds * 1000;
  button.disabled = true;
  var timer = setInterval(function () {
    var left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    shown.textContent = String(left);
    if (left > 0) return;
    clearInterval(timer);
    wait.hidden = true;
    button.disabled = false;
    // Announced once by the role="status" region, not every second.
    if (ready) ready.textContent = ready.getAttribute('data-countdown-ready');
  }, 1000);
})();
