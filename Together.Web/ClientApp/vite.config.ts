import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";

// Built into ../wwwroot, which both the merged Api and the Together.Web edge serve. The dev server proxies the
// relative URLs the client uses to a merged Api on :5000 (`dotnet run --project Together.Api`).
const api = process.env.TOGETHER_API ?? "http://localhost:5000";

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      manifest: {
        name: "Together",
        short_name: "Together",
        description: "Chat, voice and communities on your own server.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#15171c",
        theme_color: "#15171c",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // The app shell only: API answers, the gateway and media are live and never cached.
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/(api|gateway|media|openapi|scalar|health|alive|metrics)(\/|$)/],
      },
    }),
  ],
  build: {
    outDir: "../wwwroot",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/api": api,
      "/gateway": { target: api, ws: true },
      "/media": { target: api, ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
