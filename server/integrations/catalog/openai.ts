import type { IntegrationTemplate } from './template.ts';

/** OpenAI API key (project or user key), sent as a Bearer token. */
export const openai: IntegrationTemplate = {
  key: 'openai',
  name: 'OpenAI',
  description: 'Models for text, images and embeddings.',
  authType: 'apiKey',
  apiBaseUrl: 'https://api.openai.com',
  fields: [{ name: 'apiKey', label: 'API key', secret: true, pattern: '^sk-[A-Za-z0-9_-]+$', placeholder: 'sk-proj-…' }],
  apiKey: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
  test: { method: 'GET', path: '/v1/models' },
  docsUrl: 'https://platform.openai.com/docs/api-reference/authentication',
};
