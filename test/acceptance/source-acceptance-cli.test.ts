/** The acceptance suite (CAT's assertions) against the source CLI. The image runs it in images.test.ts. */
import { describeSourceAcceptance } from './acceptance-suite.js';
import { cliRunner } from './connector-runner.js';

describeSourceAcceptance(cliRunner('source-elasticsearch'));
