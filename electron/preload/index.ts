import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('keel', {});
