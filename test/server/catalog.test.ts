import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInCatalog, findTemplate, type IntegrationTemplate } from '../../server/integrations/catalog/index.ts';
import { integrationBody } from '../../server/schemas/integrations.ts';

/** What an admin would PUT to configure a template: the template plus an OAuth client. */
function configureBody(template: IntegrationTemplate): unknown {
  const { docsUrl: _docsUrl, oauth2, ...rest } = template;
  return {
    ...rest,
    ...(oauth2 && { oauth2: { ...oauth2, clientId: 'dummy-client-id', clientSecret: 'dummy-client-secret' } }),
  };
}

function urlsOf(template: IntegrationTemplate): string[] {
  const { oauth2 } = template;
  return [
    template.docsUrl,
    template.logoUrl,
    template.apiBaseUrl,
    oauth2?.authorizationUrl,
    oauth2?.tokenUrl,
    oauth2?.revocationUrl,
  ].filter((url): url is string => url !== undefined);
}

/** `{name}` placeholders of a string. */
const placeholdersIn = (text: string) => [...text.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);

describe('built-in integration catalog', () => {
  it('has at least 12 templates, 9 of them OAuth 2', () => {
    assert.ok(builtInCatalog.length >= 12, `${builtInCatalog.length} templates`);
    const oauth = builtInCatalog.filter((template) => template.authType === 'oauth2');
    assert.ok(oauth.length >= 9, `${oauth.length} OAuth 2 templates`);
  });

  it('has unique keys', () => {
    const keys = builtInCatalog.map((template) => template.key);
    assert.equal(new Set(keys).size, keys.length);
  });

  for (const template of builtInCatalog) {
    describe(template.key, () => {
      it('validates as an integration body once a client is added', () => {
        const result = integrationBody.safeParse(configureBody(template));
        assert.ok(result.success, JSON.stringify(result.error?.issues));
      });

      it('uses https URLs only', () => {
        for (const url of urlsOf(template)) assert.equal(new URL(url).protocol, 'https:', url);
      });

      it('has the settings its auth type needs', () => {
        const fieldNames = (template.fields ?? []).map((field) => field.name);
        if (template.authType === 'oauth2') assert.ok(template.oauth2);
        if (template.authType === 'apiKey') {
          assert.ok(template.apiKey);
          assert.ok(fieldNames.includes(template.apiKey.field ?? 'apiKey'));
        }
        if (template.authType === 'basic') {
          assert.ok(fieldNames.includes('username') && fieldNames.includes('password'));
        }
      });

      it('fills every placeholder from a field pinned by a pattern', () => {
        const texts = [...urlsOf(template), template.test?.path ?? ''];
        for (const name of texts.flatMap(placeholdersIn)) {
          const field = template.fields?.find((candidate) => candidate.name === name);
          assert.ok(field, `no field for {${name}}`);
          assert.ok(field.pattern, `field ${name} has no pattern`);
          // A pattern that admits "/", "@" or ":" could send the request to another host.
          assert.ok(!new RegExp(field.pattern).test('evil.example/x@y:1'), `field ${name} is too loose`);
        }
      });

      it('has valid field patterns', () => {
        for (const field of template.fields ?? []) if (field.pattern) assert.doesNotThrow(() => new RegExp(field.pattern!));
      });
    });
  }

  it('applies the provider-specific authorize parameters', () => {
    assert.deepEqual(findTemplate('google')?.oauth2?.authorizeParams, {
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
    });
    assert.equal(findTemplate('slack')?.oauth2?.scopeSeparator, ',');
    assert.ok(findTemplate('slack')?.oauth2?.authorizeParams?.user_scope);
    assert.deepEqual(findTemplate('notion')?.oauth2?.scopes, []);
    assert.equal(findTemplate('notion')?.oauth2?.authorizeParams?.owner, 'user');
    assert.ok(findTemplate('microsoft')?.oauth2?.scopes.includes('offline_access'));
  });

  it('pins Shopify shops to myshopify.com', () => {
    const shop = findTemplate('shopify')?.fields?.find((field) => field.name === 'shop');
    const pattern = new RegExp(shop!.pattern!);
    assert.ok(pattern.test('acme-store.myshopify.com'));
    assert.ok(!pattern.test('acme.myshopify.com.evil.example'));
    assert.ok(!pattern.test('evil.example'));
    assert.equal(findTemplate('shopify')?.oauth2?.authorizationUrl, 'https://{shop}/admin/oauth/authorize');
  });

  it('finds templates by key and nothing else', () => {
    assert.equal(findTemplate('github')?.name, 'GitHub');
    assert.equal(findTemplate('no-such-provider'), undefined);
  });

  it('cannot be changed by a caller', () => {
    const github = findTemplate('github')!;
    assert.throws(() => {
      (github.oauth2!.scopes as string[]).push('repo');
    });
  });
});
