import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * An AWS provider for another region. An explicit provider reads none of the `aws:` stack config, so it carries
 * the stack's default tags itself: the budgets count costs by the `Stack` tag.
 */
export function regionalProvider(name: string, region: string, parent: pulumi.Resource): aws.Provider {
  const defaultTags = new pulumi.Config('aws').getObject<{ tags?: Record<string, string> }>('defaultTags');
  return new aws.Provider(name, { region: region as aws.Region, ...(defaultTags ? { defaultTags } : {}) }, { parent });
}
