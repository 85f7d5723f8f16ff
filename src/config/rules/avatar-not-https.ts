import type { Rule } from './rule.js';
import { contactSites } from './walk-config.js';

export const avatarNotHttps: Rule = {
  id: 'avatar-not-https',
  severity: 'error',
  description: 'A contact avatar is not an https URL.',
  fix: 'serve the image over https://',
  check({ root, report }) {
    for (const site of contactSites(root)) {
      const avatar = site.node['avatar'];
      if (typeof avatar !== 'string' || !URL.canParse(avatar)) continue; // the schema reports non-URLs
      if (avatar.startsWith('https://')) continue; // parses, so its protocol is https
      const { protocol } = new URL(avatar);
      if (protocol === 'https:') continue;
      report({
        message: `avatar must be an https URL, not ${protocol.replace(/:$/, '')}`,
        hint: 'serve the image over https:// (browsers block plain http images on https pages)',
        path: [...site.path, 'avatar'],
      });
    }
  },
};
