// Verifies a credential as Digital Bazaar's libraries do, offline: contexts from the
// project's shipped files, the issuer's did:web document from a file.
// Usage: node verify.mjs <contexts folder> <contexts.json> <did.json> <credential.json>
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const [folder, contextsFile, didFile, credentialFile] = process.argv.slice(2);
const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const contexts = read(contextsFile);
const did = read(didFile);

const documentLoader = async url => {
  if (contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: read(path.join(folder, contexts[url]))};
  }
  const [base] = url.split('#');
  if (base === did.id) {
    const method = did.verificationMethod.find(candidate => candidate.id === url);
    const document = method ? {'@context': 'https://w3id.org/security/multikey/v1', ...method} : did;
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`No document for ${url}`);
};

const result = await vc.verifyCredential({
  credential: read(credentialFile),
  suite: new DataIntegrityProof({cryptosuite}),
  documentLoader,
  checkStatus: async () => ({verified: true}),
});
const errors = result.error ? (result.error.errors || [result.error]).map(error => error.message) : [];
console.log(JSON.stringify({verified: result.verified, errors}));
