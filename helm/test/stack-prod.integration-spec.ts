import { describeStackRender } from './stack-render-spec';

describeStackRender('prod');
