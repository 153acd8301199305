// Runs before first paint (a classic script in <head>), so a light-theme user never sees a dark flash.
// Kept out of index.html so a strict Content-Security-Policy needs no inline script.
try {
  var choice = localStorage.getItem("together.theme") || "system";
  if (choice === "system") choice = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
  document.documentElement.dataset.theme = choice;
} catch (e) {}
