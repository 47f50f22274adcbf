import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface CostArgs {
  /** Stack name; the budget counts only costs tagged `Stack=<stack>` (see `aws:defaultTags`). */
  stack: string;
  /** Monthly spend, in US dollars, the stack is expected to stay under. */
  monthlyLimitUsd: number;
  /** Who is told when spend approaches or is forecast to pass the limit. */
  emails: string[];
}

/**
 * A monthly AWS Budget per stack with e-mail alerts: at 80 % of actual spend, and as soon as the
 * month's forecast passes 100 %, which is early enough to act before the bill arrives.
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
    const budget = new aws.budgets.Budget(
      name,
      {
        name: `ecommerce-${args.stack}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        limitAmount: args.monthlyLimitUsd.toFixed(2),
        limitUnit: 'USD',
        // Requires the `Stack` cost allocation tag to be activated once in the Billing console.
        costFilters: [{ name: 'TagKeyValue', values: [`user:Stack$${args.stack}`] }],
        notifications: [alert('ACTUAL', 80), alert('FORECASTED', 100)],
      },
      { parent: this },
    );
    this.budgetName = budget.name;
    this.registerOutputs({ budgetName: this.budgetName });
  }
}
