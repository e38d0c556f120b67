import type { SchemaRegistry } from './registry';
import type { FieldDef, FieldType, SObjectDef } from './types';

/**
 * Describe results in the shapes jsforce types as DescribeGlobalResult, DescribeSObjectResult and
 * Field: every key present, `null` where Salesforce sends null.
 */

const SOAP_TYPE: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

function objectUrls(base: string, name: string): Record<string, string> {
  const s = `${base}/sobjects/${name}`;
  return { sobject: s, describe: `${s}/describe`, rowTemplate: `${s}/{ID}` };
}

function globalEntry(def: SObjectDef, base: string) {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: def.createable,
    custom: def.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: def.createable,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: def.createable,
    mergeable: def.name === 'Lead' || def.name === 'Contact' || def.name === 'Account',
    mruEnabled: def.createable,
    name: def.name,
    queryable: def.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: def.createable,
    triggerable: def.createable,
    undeletable: def.deletable,
    updateable: def.updateable,
    urls: objectUrls(base, def.name),
  };
}

export function describeGlobal(registry: SchemaRegistry, base: string) {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: registry.all().map((d) => globalEntry(d, base)) };
}

export function describeField(fd: FieldDef) {
  const text = ['string', 'textarea', 'picklist', 'multipicklist', 'combobox', 'email', 'phone', 'url'].includes(fd.type);
  const idLike = fd.type === 'id' || fd.type === 'reference';
  return {
    aggregatable: fd.filterable,
    aiPredictionField: false,
    autoNumber: false,
    byteLength: text ? fd.length * 3 : idLike ? 18 : 0,
    calculated: fd.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: fd.caseSensitive,
    compoundFieldName: null,
    controllerName: null,
    createable: fd.createable,
    custom: fd.custom,
    defaultValue: fd.type === 'boolean' ? fd.defaultValue === true : null,
    defaultValueFormula: null,
    defaultedOnCreate: fd.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: fd.type === 'int' ? 9 : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: fd.externalId,
    extraTypeInfo: null,
    filterable: fd.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: fd.filterable && !['double', 'currency', 'percent', 'datetime'].includes(fd.type),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: fd.idLookup,
    inlineHelpText: null,
    label: fd.label,
    length: text || idLike ? fd.length : 0,
    mask: null,
    maskType: null,
    name: fd.name,
    nameField: fd.nameField,
    namePointing: fd.referenceTo.length > 1,
    nillable: fd.nillable,
    permissionable: fd.nillable && fd.custom,
    picklistValues: fd.picklistValues.map((p) => ({
      active: p.active,
      defaultValue: p.defaultValue,
      label: p.label,
      validFor: null,
      value: p.value,
    })),
    polymorphicForeignKey: fd.referenceTo.length > 1,
    precision: fd.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: [...fd.referenceTo],
    relationshipName: fd.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: fd.restrictedPicklist,
    scale: fd.scale,
    searchPrefilterable: false,
    soapType: SOAP_TYPE[fd.type],
    sortable: fd.sortable,
    type: fd.type,
    unique: fd.unique,
    updateable: fd.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeObject(def: SObjectDef, registry: SchemaRegistry, base: string) {
  const childRelationships = registry.all().flatMap((child) =>
    child.fields
      .filter((fd) => fd.type === 'reference' && fd.referenceTo.includes(def.name) && fd.name !== 'CreatedById' && fd.name !== 'LastModifiedById')
      .map((fd) => ({
        cascadeDelete: false,
        childSObject: child.name,
        deprecatedAndHidden: false,
        field: fd.name,
        junctionIdListNames: [],
        junctionReferenceTo: [],
        relationshipName: fd.childRelationshipName ?? null,
        restrictedDelete: false,
      })),
  );
  return {
    ...globalEntry(def, base),
    actionOverrides: [],
    childRelationships,
    compactLayoutable: def.createable,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: def.fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: def.createable
      ? [
          {
            active: true,
            available: true,
            defaultRecordTypeMapping: true,
            developerName: 'Master',
            master: true,
            name: 'Master',
            recordTypeId: MASTER_RECORD_TYPE_ID,
            urls: { layout: `${base}/sobjects/${def.name}/describe/layouts/${MASTER_RECORD_TYPE_ID}` },
          },
        ]
      : [],
    searchLayoutable: def.createable,
    sobjectDescribeOption: 'FULL',
    supportedScopes: def.fields.some((fd) => fd.name === 'OwnerId')
      ? [
          { label: 'All ' + def.labelPlural.toLowerCase(), name: 'everything' },
          { label: 'My ' + def.labelPlural.toLowerCase(), name: 'mine' },
        ]
      : [{ label: 'All ' + def.labelPlural.toLowerCase(), name: 'everything' }],
  };
}
