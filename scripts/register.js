// Runs the TypeScript sources directly (decorator metadata and the @ptce/* paths included) with SWC.
const path = require('path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
