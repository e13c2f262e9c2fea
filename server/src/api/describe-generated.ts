import { isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';

const ARG_DOCS: Record<string, string> = {
  input: 'The input object of this mutation.',
  first: 'Return at most this many items from the start (forward pagination, max 100).',
  after: 'Return items after this cursor (from pageInfo.endCursor).',
  last: 'Return at most this many items from the end (backward pagination, max 100).',
  before: 'Return items before this cursor (from pageInfo.startCursor).',
  id: 'A global id.',
  ids: 'Global ids.',
};

const FIELD_DOCS: Record<string, string> = {
  'PageInfo.endCursor': 'Cursor of the last item of this page.',
  'PageInfo.startCursor': 'Cursor of the first item of this page.',
  'PageInfo.hasNextPage': 'More items follow this page.',
  'PageInfo.hasPreviousPage': 'More items precede this page.',
  'Node.id': 'Globally unique id (opaque).',
  'Query.node': 'Fetches any of your objects by global id; null when it does not exist or is not yours.',
  'Query.nodes': 'Fetches several objects by global id; null for each that does not exist or is not yours.',
};

/**
 * Fills the descriptions of types the relay and errors plugins generate (connections, edges,
 * page info, mutation result unions, pagination args), so every part of the schema is documented.
 */
export function describeGeneratedTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) type.description = typeDoc(type.name, isUnionType(type));
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        field.description ??= FIELD_DOCS[`${type.name}.${field.name}`] ?? fieldDoc(type.name, field.name);
        for (const arg of field.args) arg.description ??= ARG_DOCS[arg.name] ?? null;
      }
    }
  }
  return schema;
}

function typeDoc(name: string, isUnion: boolean): string | null {
  if (name === 'PageInfo') return 'Where a page of a connection sits in the whole list.';
  if (name === 'Node') return 'An object with a global id, fetchable through Query.node.';
  if (isUnion && name.endsWith('Result'))
    return `Result of ${lowerFirst(name.replace(/^(Mutation|Query)/, '').replace(/Result$/, ''))}: its payload, or one of the typed errors it can return.`;
  if (name.endsWith('ConnectionEdge')) return 'One item of a connection with its cursor.';
  if (name.endsWith('Connection')) return 'A cursor-paginated list (Relay connection).';
  return null;
}

function fieldDoc(typeName: string, field: string): string | null {
  if (typeName.endsWith('ConnectionEdge')) return field === 'cursor' ? 'Cursor of this item, for after/before.' : 'The item.';
  if (typeName.endsWith('Connection')) {
    return { edges: 'Items with their cursors.', nodes: 'The items.', pageInfo: 'Pagination state of this page.' }[field] ?? null;
  }
  return null;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
