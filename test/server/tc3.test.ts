import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { tc3Signature } from '../support/tc3.js';

describe('our TC3-HMAC-SHA256 implementation', () => {
  it('reproduces the documented worked example', () => {
    // The payload keeps the \u escapes as literal characters, as in the documentation.
    const payload =
      '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const { signature, credentialScope } = tc3Signature({
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      timestamp: 1551113065,
      payload,
      method: 'POST',
      contentType: 'application/json; charset=utf-8',
    });
    assert.equal(credentialScope, '2019-02-25/cvm/tc3_request');
    assert.equal(signature, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });
});
