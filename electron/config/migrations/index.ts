import type { Migration } from '../../platform/sqliteMigrations.js';
import { migration0001 } from './0001-create-trend-views.js';
import { migration0002 } from './0002-add-item-config.js';
import { migration0003 } from './0003-create-json-mappings.js';
import { migration0004 } from './0004-create-site-settings.js';
import { migration0005 } from './0005-add-command-journal.js';
import { migration0006 } from './0006-add-alarm-journal.js';
import { migration0007 } from './0007-add-model-bindings.js';
import { migration0008 } from './0008-add-sync-outbox.js';

/** config.db's schema, one numbered file per change. */
export const configMigrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
];
