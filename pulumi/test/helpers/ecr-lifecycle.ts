/**
 * ECR's documented lifecycle evaluation, small enough to read: rules in priority order, each image belongs
 * to the first rule whose tag selection matches it (a lower rule never expires it), then per rule either
 * the images beyond the newest N, or those pushed more than N days ago, expire.
 */
export interface RepositoryImage {
  digest: string;
  tags: string[];
  pushedDay: number;
}

interface Rule {
  rulePriority: number;
  selection: {
    tagStatus: 'tagged' | 'untagged' | 'any';
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType: 'imageCountMoreThan' | 'sinceImagePushed';
    countNumber: number;
  };
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function matches(rule: Rule, image: RepositoryImage): boolean {
  const { tagStatus, tagPrefixList, tagPatternList } = rule.selection;
  if (tagStatus === 'untagged') return image.tags.length === 0;
  if (tagStatus === 'any') return true;
  if (image.tags.length === 0) return false;
  if (tagPrefixList) return image.tags.some((tag) => tagPrefixList.some((prefix) => tag.startsWith(prefix)));
  return image.tags.some((tag) => (tagPatternList ?? []).some((pattern) => wildcard(pattern).test(tag)));
}

/** The images left after one evaluation on `today`. */
export function survivors(policy: { rules: object[] }, images: RepositoryImage[], today: number): RepositoryImage[] {
  const rules = [...(policy.rules as Rule[])].sort((a, b) => a.rulePriority - b.rulePriority);
  const expired = new Set<RepositoryImage>();
  const claimed = new Set<RepositoryImage>();
  for (const rule of rules) {
    const mine = images.filter((image) => !claimed.has(image) && matches(rule, image));
    mine.forEach((image) => claimed.add(image));
    const { countType, countNumber } = rule.selection;
    if (countType === 'sinceImagePushed')
      mine.filter((i) => today - i.pushedDay > countNumber).forEach((i) => expired.add(i));
    else
      [...mine]
        .sort((a, b) => b.pushedDay - a.pushedDay)
        .slice(countNumber)
        .forEach((i) => expired.add(i));
  }
  return images.filter((image) => !expired.has(image));
}
