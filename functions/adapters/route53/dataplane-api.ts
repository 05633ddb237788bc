/** The Route 53 calls data-plane setup makes beyond the DNS adapter's, behind a narrow interface. */
import {
  ChangeTagsForResourceCommand,
  type ChangeTagsForResourceRequest,
  type ChangeTagsForResourceResponse,
  CreateHealthCheckCommand,
  type CreateHealthCheckRequest,
  type CreateHealthCheckResponse,
  DeleteHealthCheckCommand,
  type DeleteHealthCheckRequest,
  type DeleteHealthCheckResponse,
  ListHealthChecksCommand,
  type ListHealthChecksRequest,
  type ListHealthChecksResponse,
  ListTagsForResourcesCommand,
  type ListTagsForResourcesRequest,
  type ListTagsForResourcesResponse,
  type Route53Client,
  UpdateHealthCheckCommand,
  type UpdateHealthCheckRequest,
  type UpdateHealthCheckResponse,
} from '@aws-sdk/client-route-53';
import { type Route53Api, route53Api } from './api';

export interface Route53SetupApi extends Route53Api {
  listHealthChecks(input: ListHealthChecksRequest): Promise<ListHealthChecksResponse>;
  listTagsForResources(input: ListTagsForResourcesRequest): Promise<ListTagsForResourcesResponse>;
  createHealthCheck(input: CreateHealthCheckRequest): Promise<CreateHealthCheckResponse>;
  updateHealthCheck(input: UpdateHealthCheckRequest): Promise<UpdateHealthCheckResponse>;
  deleteHealthCheck(input: DeleteHealthCheckRequest): Promise<DeleteHealthCheckResponse>;
  changeTagsForResource(input: ChangeTagsForResourceRequest): Promise<ChangeTagsForResourceResponse>;
}

export function route53SetupApi(client: Route53Client): Route53SetupApi {
  return {
    ...route53Api(client),
    listHealthChecks: (input) => client.send(new ListHealthChecksCommand(input)),
    listTagsForResources: (input) => client.send(new ListTagsForResourcesCommand(input)),
    createHealthCheck: (input) => client.send(new CreateHealthCheckCommand(input)),
    updateHealthCheck: (input) => client.send(new UpdateHealthCheckCommand(input)),
    deleteHealthCheck: (input) => client.send(new DeleteHealthCheckCommand(input)),
    changeTagsForResource: (input) => client.send(new ChangeTagsForResourceCommand(input)),
  };
}
