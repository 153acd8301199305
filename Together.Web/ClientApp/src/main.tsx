import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { registerSW } from "virtual:pwa-register";
import { App } from "./app/App";
import { applyTheme, useUi } from "./store/ui";
import "./styles/app.css";

applyTheme(useUi.getState().theme);
matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => applyTheme(useUi.getState().theme));

// The service worker caches the app shell so the app opens offline and installs; new builds replace it on reload.
if ("serviceWorker" in navigator && import.meta.env.PROD) registerSW({ immediate: true });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
