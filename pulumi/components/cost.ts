import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface CostArgs {
  /** Stack name; the budget counts only costs tagged `Stack=<stack>` (see `aws:defaultTags`). */
  stack: string;
  /** Monthly spend, in US dollars, the stack is expected to stay under. */
  monthlyLimitUsd: number;
  /** Who is told when spend approaches or is forecast to pass the limit. */
  emails: string[];
  /**
   * With the CDN: a budget of its own for CloudFront, the one line driven by traffic alone (a crawler or a
   * cache-busting client can multiply it). The stack budget counts it too: the distribution carries the Stack tag.
   */
  cdnMonthlyLimitUsd?: number;
}

/**
 * A monthly AWS Budget per stack with e-mail alerts: at 80 % of actual spend, and as soon as the
 * month's forecast passes 100 %, which is early enough to act before the bill arrives. With the CDN, a second
 * one for CloudFront alone, with the same alerts.
 */
export class Cost extends pulumi.ComponentResource {
  public readonly budgetName: pulumi.Output<string>;

  constructor(name: string, args: CostArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cost:Cost', name, {}, opts);
    const alert = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
      notificationType,
      threshold,
      thresholdType: 'PERCENTAGE',
      comparisonOperator: 'GREATER_THAN',
      subscriberEmailAddresses: args.emails,
    });
    // Requires the `Stack` cost allocation tag to be activated once in the Billing console.
    const ofThisStack = { name: 'TagKeyValue', values: [`user:Stack$${args.stack}`] };
    const budget = new aws.budgets.Budget(
      name,
      {
        name: `ecommerce-${args.stack}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        limitAmount: args.monthlyLimitUsd.toFixed(2),
        limitUnit: 'USD',
        costFilters: [ofThisStack],
        notifications: [alert('ACTUAL', 80), alert('FORECASTED', 100)],
      },
      { parent: this },
    );
    if (args.cdnMonthlyLimitUsd !== undefined) {
      new aws.budgets.Budget(
        `${name}-cdn`,
        {
          name: `ecommerce-${args.stack}-cdn-monthly`,
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          limitAmount: args.cdnMonthlyLimitUsd.toFixed(2),
          limitUnit: 'USD',
          costFilters: [{ name: 'Service', values: ['Amazon CloudFront'] }, ofThisStack],
          notifications: [alert('ACTUAL', 80), alert('FORECASTED', 100)],
        },
        { parent: this },
      );
    }
    this.budgetName = budget.name;
    this.registerOutputs({ budgetName: this.budgetName });
  }
}
