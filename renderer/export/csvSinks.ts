import { downloadBlob } from '../trend/exportPng.js';

/** Where a streamed CSV goes: written chunk by chunk, then closed (kept) or aborted (gone). */
export interface CsvSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Collects the download in memory and saves it as one Blob at the end. Fine for what a browser
 * without the File System Access API can export; an abort just drops the chunks.
 */
export function blobSink(fileName: string, save = downloadBlob): CsvSink {
  let chunks: BlobPart[] = [];
  return {
    write: async (chunk) => void chunks.push(chunk as Uint8Array<ArrayBuffer>),
    close: async () => {
      save(new Blob(chunks, { type: 'text/csv;charset=utf-8' }), fileName);
      chunks = [];
    },
    abort: async () => {
      chunks = [];
    },
  };
}

/** The File System Access API's save picker (Chromium), not yet in TypeScript's DOM types. */
type SaveFilePicker = (options: {
  suggestedName: string;
  types: Array<{ description: string; accept: Record<string, string[]> }>;
}) => Promise<FileSystemFileHandle>;

export function saveFilePicker(): SaveFilePicker | null {
  const picker = (window as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(window) : null;
}

/**
 * Streams straight into a file the user picks, so a large export never sits in memory. Writes
 * go to the browser's swap file and reach the real file only on close; an abort discards them.
 * Must be called from a click: the picker needs the user's gesture. Null if the picker is closed.
 */
export async function pickFileSink(picker: SaveFilePicker, fileName: string): Promise<CsvSink | null> {
  let handle: FileSystemFileHandle;
  try {
    handle = await picker({
      suggestedName: fileName,
      types: [{ description: 'CSV file', accept: { 'text/csv': ['.csv'] } }],
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
  const writable = await handle.createWritable();
  return {
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    close: () => writable.close(),
    async abort() {
      await writable.abort();
      // Picking a new name creates it empty: an export that never finished leaves no empty file.
      const removable = handle as FileSystemFileHandle & { remove?: () => Promise<void> };
      if ((await handle.getFile()).size === 0) await removable.remove?.();
    },
  };
}
