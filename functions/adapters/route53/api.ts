/** The three Route 53 calls the DNS adapter makes, behind a narrow interface so a client can be injected. */
import {
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsRequest,
  type ChangeResourceRecordSetsResponse,
  GetChangeCommand,
  type GetChangeRequest,
  type GetChangeResponse,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsRequest,
  type ListResourceRecordSetsResponse,
  Route53Client,
} from '@aws-sdk/client-route-53';

export interface Route53Api {
  listResourceRecordSets(input: ListResourceRecordSetsRequest): Promise<ListResourceRecordSetsResponse>;
  changeResourceRecordSets(input: ChangeResourceRecordSetsRequest): Promise<ChangeResourceRecordSetsResponse>;
  getChange(input: GetChangeRequest): Promise<GetChangeResponse>;
}

/** Wraps an SDK client (real, or one mocked with aws-sdk-client-mock). */
export function route53Api(client: Route53Client): Route53Api {
  return {
    listResourceRecordSets: (input) => client.send(new ListResourceRecordSetsCommand(input)),
    changeResourceRecordSets: (input) => client.send(new ChangeResourceRecordSetsCommand(input)),
    getChange: (input) => client.send(new GetChangeCommand(input)),
  };
}

/**
 * A client for the Route 53 control plane (us-east-1 unless told otherwise). The SDK's own retries are
 * off: the adapter retries throttling itself, within the tick's deadline. AWS_ENDPOINT_URL (or
 * AWS_ENDPOINT_URL_ROUTE_53) points it at LocalStack or moto.
 */
export function createRoute53Client(region = 'us-east-1'): Route53Client {
  return new Route53Client({ region, maxAttempts: 1 });
}
