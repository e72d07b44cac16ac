// Lets TypeScript accept the CSS imports Vite bundles (styles live in .css files: the CSP forbids inline styles).
/// <reference types="vite/client" />
