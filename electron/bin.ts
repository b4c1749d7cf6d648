#!/usr/bin/env node
import { main } from './cli.js';

// The `watchkeeper` command. Exits explicitly so that a stopped runtime never lingers.
process.exit(await main(process.argv.slice(2)));
