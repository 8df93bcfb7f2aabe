#!/usr/bin/env node
// Validates APL documents offline with Amazon's apl-suggester (npm, pinned in package-lock.json).
//
// Reads from stdin {"screens": [{"name", "document", "datasources"}], "profiles": [ids]} and
// writes {"results": [...]} to stdout: for each screen, the whole document, and then for each
// viewport profile of apl-suggester and each of its example devices, the document reduced to
// the mainTemplate item that device shows (the first whose `when` holds) with its datasource.
// A result lists every finding (apl-suggester reports real errors, such as unknown
// properties, at level WARNING) and what this script checks itself: a `when` that does not
// evaluate, a device no item is meant for, a `${payload...}`, `${screen...}` or `${data...}`
// reference the datasource does not hold.
'use strict';

const suggester = require('apl-suggester');

// The validator prints "No mixin for component" for components it has no extra rules for:
// noise on stdout, which carries the JSON result.
console.log = () => {};

const DP_PER_INCH = 160;

function viewportOf(profile, device) {
  // APL's viewport properties are in dp; the example devices give pixels and dpi.
  return {
    width: Math.round(device.width * DP_PER_INCH / device.dpi),
    height: Math.round(device.height * DP_PER_INCH / device.dpi),
    shape: profile.shape,
    mode: profile.mode,
    dpi: DP_PER_INCH,
  };
}

function evaluateWhen(when, viewport) {
  // Our documents' conditions compare viewport properties only; their syntax is JavaScript's.
  const match = /^\$\{(.*)\}$/.exec(String(when).trim());
  if (!match || /[^\w\s.'=!<>&|()]/.test(match[1])) {
    throw new Error(`unsupported condition ${when}`);
  }
  return Boolean(new Function('viewport', `return (${match[1]});`)(viewport));
}

function chosenItem(document, viewport, findings) {
  const items = document.mainTemplate.items || [document.mainTemplate.item];
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    try {
      if (item.when === undefined || evaluateWhen(item.when, viewport)) {
        return index;
      }
    } catch (error) {
      findings.push({path: `/mainTemplate/items/${index}/when`, errorMessage: error.message});
    }
  }
  findings.push({path: '/mainTemplate/items', errorMessage: 'no item is shown on this viewport'});
  return -1;
}

function checkResources(document, viewport, findings) {
  (document.resources || []).forEach((block, index) => {
    if (block.when === undefined) return;
    try {
      evaluateWhen(block.when, viewport);
    } catch (error) {
      findings.push({path: `/resources/${index}/when`, errorMessage: error.message});
    }
  });
}

function references(node, found) {
  if (typeof node === 'string') {
    for (const match of node.matchAll(/\$\{([^}]*)\}/g)) {
      for (const path of match[1].matchAll(/\b(payload|screen|data)((?:\.\w+)*)/g)) {
        found.add(path[1] + path[2]);
      }
    }
  } else if (Array.isArray(node)) {
    node.forEach((item) => references(item, found));
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach((item) => references(item, found));
  }
  return found;
}

function resolve(root, path) {
  let node = root;
  for (const name of path) {
    if (!node || typeof node !== 'object' || !(name in node)) return undefined;
    node = node[name];
  }
  return node;
}

function checkBindings(document, datasources, findings) {
  // Each layout of ours takes the datasource's properties as its `screen` parameter, and its
  // repeated items read one element of an array among them as `data`.
  const properties = resolve(datasources, ['screen', 'properties']);
  const arrays = Object.values(properties || {}).filter(Array.isArray);
  for (const reference of references(document, new Set())) {
    const [root, ...path] = reference.split('.');
    if (root === 'payload') {
      if (path.length && resolve(datasources, path) === undefined) {
        findings.push({path: reference, errorMessage: 'not in the datasource'});
      }
    } else if (root === 'screen') {
      if (path.length && resolve(properties, path) === undefined) {
        findings.push({path: reference, errorMessage: 'not in the datasource\'s properties'});
      }
    } else if (path.length) {
      const holds = arrays.some((array) => array.length
        && array.every((element) => resolve(element, path) !== undefined));
      if (!holds) {
        findings.push({path: reference, errorMessage: 'no array of the datasource holds it'});
      }
    }
  }
}

async function validate(validator, document, datasources) {
  const findings = await validator.validate(document);
  return findings.concat(await validator.validateDataSources(datasources));
}

async function main() {
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const profiles = suggester.getViewportProfiles();
  const validator = new suggester.StaticAplTemplateValidator();
  const results = [];
  // One at a time: the validator caches schemas in a shared Ajv instance.
  for (const screen of input.screens) {
    const whole = await validate(validator, screen.document, screen.datasources);
    checkBindings(screen.document, screen.datasources, whole);
    results.push({screen: screen.name, profile: null, device: null, item: null, findings: whole});
    for (const id of input.profiles) {
      const profile = profiles.get(id);
      if (!profile) {
        results.push({screen: screen.name, profile: id, device: null, item: null,
          findings: [{path: id, errorMessage: 'apl-suggester has no such viewport profile'}]});
        continue;
      }
      for (const device of profile.exampleDevices) {
        const viewport = viewportOf(profile, device);
        const findings = [];
        checkResources(screen.document, viewport, findings);
        const index = chosenItem(screen.document, viewport, findings);
        if (index >= 0) {
          const shown = JSON.parse(JSON.stringify(screen.document));
          const items = shown.mainTemplate.items || [shown.mainTemplate.item];
          const item = items[index];
          delete item.when;
          delete shown.mainTemplate.item;
          shown.mainTemplate.items = [item];
          findings.push(...await validate(validator, shown, screen.datasources));
        }
        results.push({screen: screen.name, profile: id, device: device.name, viewport,
          item: index, findings});
      }
    }
  }
  process.stdout.write(JSON.stringify({version: require('apl-suggester/package.json').version,
    results}) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
