import { Builder } from "selenium-webdriver";
const d = await new Builder().usingServer("http://127.0.0.1:4444/").withCapabilities({ browserName: "wry", "tauri:options": { application: process.env.KINDLY_APP_BINARY } }).build();
await new Promise(r => setTimeout(r, 4000));
console.log(await d.executeScript("return window.__errs.join('\\n----\\n').slice(0, 3000)"));
await d.quit();
